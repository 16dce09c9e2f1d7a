using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Ingest;
using Hub.Tests.Helpers;

namespace Hub.Tests.Adapters;

/// <summary>The hub knows the department an adapter registered for and refuses records of any other.</summary>
public sealed class ForeignDepartmentTests
{
    [Fact]
    public async Task Push_RecordOfAnotherDepartment_RejectedAndNotApplied_OwnRecordAccepted()
    {
        await using var hub = await TestHub.StartAsync();
        await new AdapterRegistryService.AdapterRegistryServiceClient(hub.Channel).RegisterAsync(new RegisterRequest
        {
            Department = "grid", AdapterId = "grid-rogue-1", Version = "1.0.0", Capabilities = { AdapterCapability.IngestResidents },
        }, deadline: Deadlines.Default());

        var acks = await new IngestService.IngestServiceClient(hub.Channel).PushAllAsync(
            Push(1, "household", "HJ330800001", "张三"), Push(2, "grid", "WG10000001", "张三"));

        Assert.Equal([1L, 2L], acks.Select(a => a.Sequence));
        Assert.Equal(IngestStatus.Rejected, acks[0].Status);
        Assert.Contains("not this adapter's department 'grid'", acks[0].Reason);
        Assert.Equal(IngestStatus.Accepted, acks[1].Status);
        var store = hub.App.Services.GetRequiredService<IIngestStore>();
        Assert.Null(await store.GetSourceRecordAsync("household", "HJ330800001", CancellationToken.None));
        Assert.NotNull(await store.GetSourceRecordAsync("grid", "WG10000001", CancellationToken.None));
    }

    private static PushRequest Push(long sequence, string department, string localId, string name) => new()
    {
        AdapterId = "grid-rogue-1",
        Record = new IngestRecord
        {
            Sequence = sequence,
            Kind = RecordKind.Resident,
            SourceRef = new SourceRef { Department = department, LocalId = localId },
            Person = new PersonRecord { SourceRef = new SourceRef { Department = department, LocalId = localId }, Name = name, BirthDate = "1980-01-01" },
        },
    };
}
