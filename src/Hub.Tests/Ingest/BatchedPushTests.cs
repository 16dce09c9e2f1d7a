using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Grpc;
using Hub.Ingest;
using Hub.Tests.Helpers;

namespace Hub.Tests.Ingest;

/// <summary>
/// Several records per Push message (PushRequest.records), as advertised by RegisterResponse.max_push_batch:
/// still one ack per record, in order, after its commit; through the real Push stream of a real hub.
/// </summary>
public sealed class BatchedPushTests : IAsyncLifetime
{
    private TestHub _hub = null!;
    private IngestService.IngestServiceClient _ingest = null!;
    private RegisterResponse _registered = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        _ingest = new IngestService.IngestServiceClient(_hub.Channel);
        _registered = await new AdapterRegistryService.AdapterRegistryServiceClient(_hub.Channel).RegisterAsync(new RegisterRequest
        {
            Department = "civil-affairs", AdapterId = "civil-affairs-1", Version = "1.0.0",
            Capabilities = { AdapterCapability.IngestResidents },
        }, deadline: Deadlines.Default());
        await new DictionaryService.DictionaryServiceClient(_hub.Channel).PutMappingsAsync(new PutMappingsRequest
        {
            Mappings = { new CodeMapping { Department = "civil-affairs", Dictionary = "sex", LocalCode = "1", CanonicalCode = "1" } },
        }, deadline: Deadlines.Default());
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private static IngestRecord Person(long sequence, string localId, string sex, string department = "civil-affairs") => new()
    {
        Sequence = sequence,
        ChangeToken = $"row:{sequence}",
        Kind = RecordKind.Resident,
        SourceRef = new SourceRef { Department = department, LocalId = localId },
        Person = new PersonRecord
        {
            Name = "李" + localId,
            Sex = new CodedValue { Dictionary = "sex", SourceCode = sex },
            BirthDate = "1985-03-12",
            IdNumber = "",
        },
    };

    private static PushRequest Batch(params IngestRecord[] records) => new() { AdapterId = "civil-affairs-1", Records = { records } };

    private Task<List<PushResponse>> PushAsync(params PushRequest[] requests) => _ingest.PushAllAsync(requests);

    private Task<SourceRecordRow?> SourceAsync(string localId) =>
        _hub.App.Services.GetRequiredService<IIngestStore>().GetSourceRecordAsync("civil-affairs", localId, default);

    [Fact]
    public void Register_AdvertisesMaxPushBatch()
    {
        Assert.Equal(IngestGrpcService.MaxBatch, _registered.MaxPushBatch);
    }

    [Fact]
    public async Task Push_Batches_OneAckPerRecordInOrderEachCommitted()
    {
        var responses = await PushAsync(
            Batch(Person(1, "p1", "1"), Person(2, "p2", "X"), Person(3, "p3", "1", department: "household")),
            Batch(Person(4, "p4", "1")));

        // Batched acks only: the single-ack fields stay unset.
        Assert.All(responses, r => Assert.Equal(0, r.Sequence));
        var acks = responses.SelectMany(r => r.Acks).ToList();
        Assert.Equal([1L, 2, 3, 4], acks.Select(a => a.Sequence));
        Assert.Equal([IngestStatus.Accepted, IngestStatus.Quarantined, IngestStatus.Rejected, IngestStatus.Accepted], acks.Select(a => a.Status));
        Assert.NotEmpty(acks[0].ResidentId);
        Assert.Contains("no mapping", acks[1].Reason);
        Assert.Contains("not this adapter's department", acks[2].Reason);
        Assert.Equal(1, (await SourceAsync("p1"))!.Sequence);
        Assert.Equal(4, (await SourceAsync("p4"))!.Sequence);
        Assert.Null(await SourceAsync("p2"));
    }

    [Fact]
    public async Task Push_BatchResentAfterPartialCommit_DuplicatesForTheCommittedOnly()
    {
        await PushAsync(Batch(Person(1, "p1", "1"), Person(2, "p2", "1")));

        var acks = (await PushAsync(Batch(Person(1, "p1", "1"), Person(2, "p2", "1"), Person(3, "p3", "1")))).SelectMany(r => r.Acks).ToList();

        Assert.Equal([IngestStatus.Duplicate, IngestStatus.Duplicate, IngestStatus.Accepted], acks.Select(a => a.Status));
        Assert.Equal(3, (await SourceAsync("p3"))!.Sequence);
    }

    [Fact]
    public async Task Push_SingleRecordMessages_StillAckedOneByOne()
    {
        var responses = await PushAsync(
            new PushRequest { AdapterId = "civil-affairs-1", Record = Person(1, "p1", "1") },
            new PushRequest { AdapterId = "civil-affairs-1", Record = Person(2, "p2", "1") });

        Assert.Equal([1L, 2], responses.Select(r => r.Sequence));
        Assert.All(responses, r => Assert.Empty(r.Acks));
    }

    [Fact]
    public async Task Push_BatchLargerThanAdvertised_InvalidArgument()
    {
        var records = Enumerable.Range(1, IngestGrpcService.MaxBatch + 1).Select(i => Person(i, $"p{i}", "1")).ToArray();

        var ex = await Assert.ThrowsAsync<RpcException>(() => PushAsync(Batch(records)));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Null(await SourceAsync("p1"));
    }
}
