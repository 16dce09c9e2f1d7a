using Hub.Contracts.V1;

namespace Hub.Adapters;

/// <summary>
/// One changed record read from the department's system: the record to push (its sequence is
/// assigned by the host) and the source position to resume the scan after it.
/// </summary>
/// <param name="Record">The record, with kind, source_ref and payload set; sequence and change_token are filled by the host.</param>
/// <param name="Cursor">The plugin's scan position after this record; handed back to <see cref="IDepartmentAdapter.ReadChangesAsync"/>.</param>
public sealed record SourceChange(IngestRecord Record, string Cursor);

/// <summary>
/// What a department writes to connect its system: how its records become hub records, and what it
/// serves live. The host does the rest (registration, heartbeats, checkpoint, push, retries, the
/// facet endpoint). Implementations must be safe for one reader and concurrent facet calls.
/// </summary>
public interface IDepartmentAdapter
{
    /// <summary>The department code, e.g. "household"; every record's source_ref.department.</summary>
    string Department { get; }

    /// <summary>What the adapter pushes (the host adds ADAPTER_CAPABILITY_SERVE_FACETS when it serves facets).</summary>
    IReadOnlyList<AdapterCapability> Capabilities { get; }

    /// <summary>
    /// Records changed since <paramref name="cursor"/> (empty: from the beginning), in change order.
    /// Yielding a record that did not change is harmless: the host skips content it pushed before.
    /// </summary>
    IAsyncEnumerable<SourceChange> ReadChangesAsync(string cursor, CancellationToken cancellationToken);

    /// <summary>
    /// The local ids of every record that exists now, or null when the source cannot list them. The host
    /// compares them with what it pushed and sends a tombstone for each record that is gone.
    /// </summary>
    IAsyncEnumerable<string>? ReadLiveKeysAsync(CancellationToken cancellationToken);

    /// <summary>Facets and fields this adapter serves; empty when it serves none.</summary>
    IReadOnlyList<FacetDescriptor> Facets { get; }

    /// <summary>
    /// The requested fields of one person's records. Throw <see cref="Grpc.Core.RpcException"/> with NOT_FOUND
    /// when none of the records exists; the host has already checked the department of every reference.
    /// </summary>
    Task<GetFacetResponse> GetFacetAsync(GetFacetRequest request, CancellationToken cancellationToken);
}
