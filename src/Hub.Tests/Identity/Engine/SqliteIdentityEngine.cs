using Hub.Addresses;
using Hub.Caching;
using Hub.Hosting;
using Hub.Identity;
using Hub.Identity.Matching;
using Hub.Storage;
using Hub.Storage.Sqlite;
using Hub.Tests.Helpers;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hub.Tests.Identity.Engine;

/// <summary>
/// An identity engine over a real SQLite store in a folder of its own (behind a <see cref="GatedIdentityStore"/>
/// so a test can hold a commit) with the in-process cache: what the engine tests start from.
/// </summary>
internal sealed class SqliteIdentityEngine : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    /// <summary>The hub's SQLite store.</summary>
    public SqliteHubStore Sqlite { get; private set; } = null!;

    /// <summary>The identity store the engine writes through.</summary>
    public GatedIdentityStore Store { get; private set; } = null!;

    /// <summary>The engine.</summary>
    public IdentityEngine Engine { get; private set; } = null!;

    /// <summary>Cached lookups over the same store and cache.</summary>
    public IdentityLookup Lookup { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Sqlite = new SqliteHubStore(Path.Combine(_folder.Path, "hub.db"), "full", 30, TimeProvider.System);
        await Sqlite.MigrateAsync(CancellationToken.None);
        Store = new GatedIdentityStore(new SqliteIdentityStore(Sqlite));
        var cache = new IdentityCache(new LocalHubCache(TimeProvider.System, TimeSpan.FromMinutes(5), 1000), Store, TimeProvider.System,
            Options.Create(new HubOptions()), NullLogger<IdentityCache>.Instance);
        Engine = new IdentityEngine(Store, new IdentityResolver(MatchRules.Default), new FeatureExtractor(AddressParser.Shared, TimeProvider.System),
            cache, TimeProvider.System, NullLogger<IdentityEngine>.Instance);
        Lookup = new IdentityLookup(Store, cache);
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
