using Hub.Identity;

namespace Hub.Tests.Identity.Engine;

/// <summary>Cached identity reads on a real SQLite store and the in-process cache.</summary>
public sealed class IdentityLookupTests : IAsyncLifetime
{
    private readonly SqliteIdentityEngine _hub = new();
    private IdentityEngine _engine = null!;
    private IdentityLookup _lookup = null!;

    public async Task InitializeAsync()
    {
        await _hub.InitializeAsync();
        (_engine, _lookup) = (_hub.Engine, _hub.Lookup);
    }

    public Task DisposeAsync() => _hub.DisposeAsync();

    [Fact]
    public async Task LinksAsync_AnswerChangedByItsCaller_NextReadUnchanged()
    {
        // Reads share one parsed form of the cached links: each caller must get a copy of its own to change.
        var linked = await _engine.IngestAsync([StoredRecords.Record("household", "h-1", 1), StoredRecords.Record("civil-affairs", "c-1", 1)],
            "test", CancellationToken.None);
        var resident = linked[0].ResidentId;
        var first = (await _lookup.LinksAsync(resident, CancellationToken.None))!;
        first.Links[0].SourceRef.LocalId = "changed";
        first.Links.RemoveAt(1);
        first.AliasIds.Add("x");

        var second = (await _lookup.LinksAsync(resident, CancellationToken.None))!;
        var viaSource = (await _lookup.LinksOfSourceAsync("household", "h-1", CancellationToken.None))!;

        Assert.Equal(2, second.Links.Count);
        Assert.DoesNotContain(second.Links, l => l.SourceRef.LocalId == "changed");
        Assert.Empty(second.AliasIds);
        Assert.Equal(second, viaSource);
        Assert.NotSame(second, viaSource);
    }
}
