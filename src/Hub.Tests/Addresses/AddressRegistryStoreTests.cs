using Hub.Addresses;
using Hub.Addresses.Registry;
using Hub.Storage;
using Hub.Storage.Sqlite;
using Hub.Tests.Helpers;
using Microsoft.Data.Sqlite;

namespace Hub.Tests.Addresses;

/// <summary>The standard-address registry on a real SQLite store.</summary>
public sealed class AddressRegistryStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task Upsert_KnownAddress_KeepsOneEntry_LastSeenMovesOncePerDay()
    {
        var store = new SqliteHubStore(Path.Combine(_folder.Path, "hub.db"), "full", 5, TimeProvider.System);
        await store.MigrateAsync(default);
        var registry = new SqliteAddressRegistryStore(store);
        var parsed = AddressParser.Shared.Parse("衢州市柯城区新桥路12号3幢2单元301室");
        Assert.True(StandardAddress.Qualifies(parsed));
        var key = parsed.NormalizedKey;
        var address = new StandardAddress(StandardAddress.IdFor(key), key, parsed, StandardAddress.SearchTextOf(parsed),
            DateTimeOffset.MinValue, DateTimeOffset.MinValue);
        var morning = new DateTimeOffset(2026, 11, 27, 1, 0, 0, TimeSpan.Zero);

        await registry.UpsertAsync([address], morning, default);
        await registry.UpsertAsync([address], morning.AddHours(9), default);
        var sameDay = await registry.GetAsync(address.AddressId, default);
        await registry.UpsertAsync([address], morning.AddDays(1), default);
        var nextDay = await registry.GetAsync(address.AddressId, default);

        Assert.Equal((morning, morning), (sameDay!.FirstSeen, sameDay.LastSeen));
        Assert.Equal((morning, morning.AddDays(1)), (nextDay!.FirstSeen, nextDay.LastSeen));
        Assert.Single(await registry.SearchAsync(null, null, 0, 10, default));
    }

    [Fact]
    public async Task NotWrittenToday_LeavesOutOnlyAddressesAlreadyWrittenThatDay_AndRepeatedKeys()
    {
        var store = new SqliteHubStore(Path.Combine(_folder.Path, "hub.db"), "full", 5, TimeProvider.System);
        await store.MigrateAsync(default);
        var registry = new SqliteAddressRegistryStore(store);
        var (today, yesterday, fresh) = (Entry("衢州市柯城区新桥路12号3幢2单元301室"), Entry("衢州市柯城区新桥路14号1幢1单元101室"),
            Entry("衢州市柯城区新桥路16号2幢1单元502室"));
        var noon = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
        await registry.UpsertAsync([today], noon.AddHours(-3), default);
        await registry.UpsertAsync([yesterday], noon.AddDays(-1), default);

        await using var connection = await store.OpenAsync(default);
        var unwritten = await SqliteAddressRegistryStore.NotWrittenTodayAsync(connection, [today, yesterday, fresh, fresh, today],
            SqliteText.Time(noon), default);

        Assert.Equal(new[] { yesterday.AddressId, fresh.AddressId }.Order(StringComparer.Ordinal),
            unwritten.Select(a => a.AddressId).Order(StringComparer.Ordinal));
    }

    private static StandardAddress Entry(string text)
    {
        var parsed = AddressParser.Shared.Parse(text);
        Assert.True(StandardAddress.Qualifies(parsed));
        return new StandardAddress(StandardAddress.IdFor(parsed.NormalizedKey), parsed.NormalizedKey, parsed,
            StandardAddress.SearchTextOf(parsed), DateTimeOffset.MinValue, DateTimeOffset.MinValue);
    }
}
