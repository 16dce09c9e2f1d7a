namespace Hub.Federation;

/// <summary>What an adapter host declared when it last registered, and what the hub saw of it since.</summary>
public sealed record AdapterRegistration(
    string AdapterId, string Department, string Version, IReadOnlyList<int> Capabilities, string Endpoint,
    DateTimeOffset RegisteredAt, DateTimeOffset LastHeartbeatAt, long Backlog);

/// <summary>Keeps the adapters known to the hub.</summary>
public interface IAdapterRegistryStore
{
    /// <summary>Creates or replaces the registration of <see cref="AdapterRegistration.AdapterId"/>.</summary>
    Task UpsertAsync(AdapterRegistration registration, CancellationToken cancellationToken);

    /// <summary>Records a heartbeat; false when the adapter is not registered.</summary>
    Task<bool> HeartbeatAsync(string adapterId, long backlog, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>One adapter, or null.</summary>
    Task<AdapterRegistration?> GetAsync(string adapterId, CancellationToken cancellationToken);

    /// <summary>Adapters ordered by department then id; null department lists all.</summary>
    Task<IReadOnlyList<AdapterRegistration>> ListAsync(string? department, int offset, int limit, CancellationToken cancellationToken);
}
