namespace Hub.Storage;

/// <summary>
/// The hub's own persistent state. One interface, several engines: SQLite is the embedded
/// default; PostgreSQL follows behind the same contract. Domain areas get their own
/// repository interfaces next to this one, implemented per engine.
/// </summary>
public interface IHubStore
{
    /// <summary>Short engine name for logs and health (<c>sqlite</c>, <c>postgresql</c>).</summary>
    string Provider { get; }

    /// <summary>Where the store lives, for logs (a file path or a host, never a password).</summary>
    string Location { get; }

    /// <summary>The newest schema version this build knows.</summary>
    int LatestSchemaVersion { get; }

    /// <summary>Applies every migration newer than the store's version, each in its own transaction.</summary>
    /// <returns>The schema version after migrating.</returns>
    Task<int> MigrateAsync(CancellationToken cancellationToken);

    /// <summary>The schema version the store is at now; 0 for an empty store.</summary>
    Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken);

    /// <summary>Checks that the store answers a trivial query; throws when it does not.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
