using Hub.Contracts.V1;

namespace Hub.Federation;

/// <summary>What asking one department for a facet came to.</summary>
/// <param name="Status">The facet's status.</param>
/// <param name="Detail">Why, for a status other than OK.</param>
/// <param name="Answer">The adapter's answer, for OK: a facet holding the fields and as-of time it sent (see <see cref="FacetWire"/>).</param>
/// <param name="Latency">Time spent on the department; zero when it was not asked.</param>
/// <param name="AdapterId">The adapter asked, or null.</param>
public sealed record FacetOutcome(FacetStatus Status, string Detail, Facet? Answer, TimeSpan Latency, string? AdapterId)
{
    /// <summary>An outcome reached without asking the department.</summary>
    public static FacetOutcome NotAsked(FacetStatus status, string detail) => new(status, detail, null, TimeSpan.Zero, null);
}
