using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Federation;
using Hub.Ingest;
using Hub.Security;

namespace Hub.Grpc;

/// <summary>AdapterRegistryService: adapter hosts register and send heartbeats; admins list them.</summary>
public sealed class AdapterRegistryGrpcService(IAdapterRegistryStore registry, IIngestStore ingest, TimeProvider time, AdapterConnections calls)
    : AdapterRegistryService.AdapterRegistryServiceBase
{
    /// <summary>How often adapters are asked to call Heartbeat.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public override async Task<RegisterResponse> Register(RegisterRequest request, ServerCallContext context)
    {
        var serves = request.Capabilities.Contains(AdapterCapability.ServeFacets);
        new RequestChecks()
            .Department("department", request.Department)
            .Required("adapter_id", request.AdapterId, 64)
            .Check(request.AdapterId.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')), "adapter_id",
                "use lower-case ASCII letters, digits and '-'")
            .Required("version", request.Version, 64)
            .MaxLength("endpoint", request.Endpoint, 512)
            .Check(serves && request.Endpoint.Length == 0, "endpoint", "is required with ADAPTER_CAPABILITY_SERVE_FACETS")
            .Check(request.Endpoint.Length > 0 && !IsHttpUrl(request.Endpoint), "endpoint", "must be an absolute http or https URL")
            .ThrowIfInvalid();

        var existing = await registry.GetAsync(request.AdapterId, context.CancellationToken);
        if (existing is not null && existing.Department != request.Department)
            throw new RpcException(new Status(StatusCode.AlreadyExists,
                $"adapter_id {request.AdapterId} is registered for department {existing.Department}"));

        var now = time.GetUtcNow();
        await registry.UpsertAsync(new AdapterRegistration(request.AdapterId, request.Department, request.Version,
            request.Capabilities.Where(c => c != AdapterCapability.Unspecified).Select(c => (int)c).Distinct().ToList(),
            request.Endpoint, now, now, -1), context.CancellationToken);
        var checkpoint = await ingest.GetCheckpointAsync(request.AdapterId, context.CancellationToken);
        return new RegisterResponse
        {
            HeartbeatInterval = Duration.FromTimeSpan(HeartbeatInterval),
            LastCommittedSequence = checkpoint?.Sequence ?? 0,
            LastCommittedChangeToken = checkpoint?.ChangeToken ?? "",
            MaxPushBatch = IngestGrpcService.MaxBatch,
        };
    }

    /// <inheritdoc />
    public override async Task<HeartbeatResponse> Heartbeat(HeartbeatRequest request, ServerCallContext context)
    {
        new RequestChecks().Required("adapter_id", request.AdapterId, 64).Check(request.Backlog < -1, "backlog", "must be -1 or more").ThrowIfInvalid();
        // Only a caller that may push for the adapter's department keeps it alive (or reports its backlog).
        var adapter = await registry.GetAsync(request.AdapterId, context.CancellationToken);
        if (adapter is not null && AccessContext.Of(context) is { } access && !access.Policy.AllowsIngest(adapter.Department))
            throw CallAuthorizer.Denied($"ingest:{adapter.Department}", " (an adapter may send heartbeats only for its own department)");
        if (adapter is null || !await registry.HeartbeatAsync(request.AdapterId, request.Backlog, time.GetUtcNow(), context.CancellationToken))
            RpcErrors.NotFound($"adapter {request.AdapterId} is not registered; call Register");
        return new HeartbeatResponse { HeartbeatInterval = Duration.FromTimeSpan(HeartbeatInterval) };
    }

    /// <inheritdoc />
    public override async Task<ListAdaptersResponse> ListAdapters(ListAdaptersRequest request, ServerCallContext context)
    {
        var checks = new RequestChecks().Department("department", request.Department, optional: true);
        var size = PageToken.Size(request.PageSize, checks);
        var filter = $"adapters|{request.Department}";
        var offset = PageToken.Offset(request.PageToken, filter, checks);
        checks.ThrowIfInvalid();

        var rows = await registry.ListAsync(request.Department.Length == 0 ? null : request.Department, offset, size, context.CancellationToken);
        var now = time.GetUtcNow();
        var response = new ListAdaptersResponse { NextPageToken = PageToken.Next(offset, size, rows.Count, filter) };
        foreach (var a in rows)
        {
            var checkpoint = await ingest.GetCheckpointAsync(a.AdapterId, context.CancellationToken);
            // The hub's own calls to it (federated reads): breaker state and recent latency.
            var connection = calls.Find(a.AdapterId);
            var (p50, p99, _) = connection?.Latency.Percentiles() ?? default;
            response.Adapters.Add(new AdapterInfo
            {
                Department = a.Department,
                AdapterId = a.AdapterId,
                Version = a.Version,
                Capabilities = { a.Capabilities.Select(c => (AdapterCapability)c) },
                Endpoint = a.Endpoint,
                RegisterTime = Timestamp.FromDateTimeOffset(a.RegisteredAt),
                LastHeartbeatTime = Timestamp.FromDateTimeOffset(a.LastHeartbeatAt),
                Stale = now - a.LastHeartbeatAt > 3 * HeartbeatInterval,
                LastCommittedSequence = checkpoint?.Sequence ?? 0,
                QuarantinedCount = await ingest.CountWaitingAsync(a.AdapterId, context.CancellationToken),
                Backlog = a.Backlog,
                BreakerState = connection?.State ?? BreakerState.Unspecified,
                LatencyP50 = Duration.FromTimeSpan(p50),
                LatencyP99 = Duration.FromTimeSpan(p99),
            });
        }
        return response;
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
