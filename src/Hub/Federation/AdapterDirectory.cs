using Hub.Contracts.V1;
using Hub.Grpc;
using Hub.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.Federation;

/// <summary>
/// The facet-serving adapters of each department, read from the registry and kept for
/// <c>Hub:Federation:RegistryRefresh</c>, so a resident read does not query the registry each time.
/// </summary>
public sealed class AdapterDirectory(IAdapterRegistryStore registry, IOptions<HubOptions> options, TimeProvider time)
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly TimeSpan _maxAge = options.Value.Federation.RegistryRefresh;
    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(long LoadedAt, IReadOnlyDictionary<string, IReadOnlyList<AdapterRegistration>> ByDepartment);

    /// <summary>Facet-serving adapters by department code (departments in code order), fresh to within the refresh interval.</summary>
    public async ValueTask<IReadOnlyDictionary<string, IReadOnlyList<AdapterRegistration>>> FacetServersAsync(CancellationToken cancellationToken)
    {
        var current = _snapshot;
        if (current is not null && time.GetElapsedTime(current.LoadedAt) < _maxAge)
            return current.ByDepartment;
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            current = _snapshot;
            if (current is not null && time.GetElapsedTime(current.LoadedAt) < _maxAge)
                return current.ByDepartment;
            var started = time.GetTimestamp();
            var rows = new List<AdapterRegistration>();
            const int page = 500;
            for (var offset = 0; ; offset += page)
            {
                var batch = await registry.ListAsync(null, offset, page, cancellationToken);
                rows.AddRange(batch);
                if (batch.Count < page)
                    break;
            }
            var byDepartment = rows
                .Where(r => r.Capabilities.Contains((int)AdapterCapability.ServeFacets) && r.Endpoint.Length > 0)
                .GroupBy(r => r.Department, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<AdapterRegistration>)g.OrderByDescending(r => r.LastHeartbeatAt).ToList(),
                    StringComparer.Ordinal);
            _snapshot = new Snapshot(started, byDepartment);
            return byDepartment;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>True when the adapter has missed three heartbeats.</summary>
    public bool IsStale(AdapterRegistration adapter) =>
        time.GetUtcNow() - adapter.LastHeartbeatAt > 3 * AdapterRegistryGrpcService.HeartbeatInterval;
}
