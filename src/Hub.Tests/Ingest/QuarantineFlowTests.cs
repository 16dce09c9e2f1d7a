using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Ingest;
using Hub.Tests.Helpers;

namespace Hub.Tests.Ingest;

/// <summary>
/// A record with an unmapped code is quarantined, shows in the unmapped report, and flows on
/// by itself once an admin maps the code: through the real Push stream of a real hub.
/// </summary>
public sealed class QuarantineFlowTests : IAsyncLifetime
{
    private TestHub _hub = null!;
    private DictionaryService.DictionaryServiceClient _dictionaries = null!;
    private IngestService.IngestServiceClient _ingest = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        _dictionaries = new DictionaryService.DictionaryServiceClient(_hub.Channel);
        _ingest = new IngestService.IngestServiceClient(_hub.Channel);
        await new AdapterRegistryService.AdapterRegistryServiceClient(_hub.Channel).RegisterAsync(new RegisterRequest
        {
            Department = "civil-affairs", AdapterId = "civil-affairs-1", Version = "1.0.0",
            Capabilities = { AdapterCapability.IngestResidents },
        }, deadline: Deadlines.Default());
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private static PushRequest Person(long sequence, string localId, string sex, string department = "civil-affairs") => new()
    {
        AdapterId = "civil-affairs-1",
        Record = new IngestRecord
        {
            Sequence = sequence,
            ChangeToken = $"row:{sequence}",
            Kind = RecordKind.Resident,
            SourceRef = new SourceRef { Department = department, LocalId = localId },
            Person = new PersonRecord
            {
                Name = "王芳",
                Sex = new CodedValue { Dictionary = "sex", SourceCode = sex, SourceLabel = sex == "女" ? "女" : "" },
                BirthDate = "1985-03-12",
            },
        },
    };

    private Task<List<PushResponse>> PushAsync(params PushRequest[] requests) => _ingest.PushAllAsync(requests);

    private Task<SourceRecordRow?> SourceAsync(string localId) =>
        _hub.App.Services.GetRequiredService<IIngestStore>().GetSourceRecordAsync("civil-affairs", localId, default);

    [Fact]
    public async Task Push_UnmappedCode_QuarantinedReportedThenReleasedWhenMapped()
    {
        var acks = await PushAsync(Person(1, "p1", "女"), Person(2, "p2", "女"));
        Assert.All(acks, a => Assert.Equal(IngestStatus.Quarantined, a.Status));
        Assert.Contains("no mapping", acks[0].Reason);
        Assert.Null(await SourceAsync("p1"));

        var unmapped = await _dictionaries.ListUnmappedCodesAsync(new ListUnmappedCodesRequest { Department = "civil-affairs" }, deadline: Deadlines.Default());
        var code = Assert.Single(unmapped.UnmappedCodes);
        Assert.Equal(("sex", "女", "女", 2L, 2L), (code.Dictionary, code.LocalCode, code.LocalLabel, code.Count, code.QuarantinedCount));
        Assert.Equal("civil-affairs", code.ExampleSourceRef.Department);
        Assert.Contains(code.ExampleSourceRef.LocalId, new[] { "p1", "p2" });

        var put = await _dictionaries.PutMappingsAsync(new PutMappingsRequest
        {
            Mappings = { new CodeMapping { Department = "civil-affairs", Dictionary = "sex", LocalCode = "女", CanonicalCode = "2" } },
        }, deadline: Deadlines.Default());
        Assert.Equal(2, put.RequeuedRecordCount);

        await Eventually.TrueAsync(async () => await SourceAsync("p1") is not null && await SourceAsync("p2") is not null,
            "both quarantined records are released");
        var released = IngestRecord.Parser.ParseFrom((await SourceAsync("p1"))!.Payload);
        Assert.Equal(("2", "女性", "女"), (released.Person.Sex.Code, released.Person.Sex.Label, released.Person.Sex.SourceCode));
        var after = await _dictionaries.ListUnmappedCodesAsync(new ListUnmappedCodesRequest { Department = "civil-affairs" }, deadline: Deadlines.Default());
        Assert.Empty(after.UnmappedCodes);
    }

    [Fact]
    public async Task Push_MappedCode_AcceptedAtOnceAndTranslated()
    {
        await _dictionaries.PutMappingsAsync(new PutMappingsRequest
        {
            Mappings = { new CodeMapping { Department = "civil-affairs", Dictionary = "sex", LocalCode = "男", CanonicalCode = "1" } },
        }, deadline: Deadlines.Default());

        var ack = Assert.Single(await PushAsync(Person(1, "p9", "男")));

        Assert.Equal(IngestStatus.Accepted, ack.Status);
        var stored = IngestRecord.Parser.ParseFrom((await SourceAsync("p9"))!.Payload);
        Assert.Equal("1", stored.Person.Sex.Code);
    }

    [Fact]
    public async Task Push_SameSequenceAgain_DuplicateAndCountedOnce()
    {
        await PushAsync(Person(1, "p1", "X"));

        var again = Assert.Single(await PushAsync(Person(1, "p1", "X")));

        Assert.Equal(IngestStatus.Duplicate, again.Status);
        var unmapped = await _dictionaries.ListUnmappedCodesAsync(new ListUnmappedCodesRequest(), deadline: Deadlines.Default());
        Assert.Equal(1, Assert.Single(unmapped.UnmappedCodes).Count);
    }

    [Fact]
    public async Task Push_NewerVersionAccepted_OlderQuarantinedVersionIsNeverReplayedOverIt()
    {
        await _dictionaries.PutMappingsAsync(new PutMappingsRequest
        {
            Mappings = { new CodeMapping { Department = "civil-affairs", Dictionary = "sex", LocalCode = "1", CanonicalCode = "1" } },
        }, deadline: Deadlines.Default());
        await PushAsync(Person(1, "p1", "F"), Person(2, "p1", "1"));

        var put = await _dictionaries.PutMappingsAsync(new PutMappingsRequest
        {
            Mappings = { new CodeMapping { Department = "civil-affairs", Dictionary = "sex", LocalCode = "F", CanonicalCode = "2" } },
        }, deadline: Deadlines.Default());
        await _hub.App.Services.GetRequiredService<QuarantineReplayer>().ReplayAsync(default);

        Assert.Equal(0, put.RequeuedRecordCount);
        var stored = await SourceAsync("p1");
        Assert.Equal(2, stored!.Sequence);
        Assert.Equal("1", IngestRecord.Parser.ParseFrom(stored.Payload).Person.Sex.Code);
    }

    [Fact]
    public async Task Push_OtherDepartmentsRecord_Rejected()
    {
        var ack = Assert.Single(await PushAsync(Person(1, "p1", "1", department: "household")));

        Assert.Equal(IngestStatus.Rejected, ack.Status);
        Assert.Contains("not this adapter's department", ack.Reason);
    }

    [Fact]
    public async Task Push_UnregisteredAdapter_FailedPrecondition()
    {
        var request = Person(1, "p1", "1");
        request.AdapterId = "nobody";

        var ex = await Assert.ThrowsAsync<RpcException>(() => PushAsync(request));

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
    }
}
