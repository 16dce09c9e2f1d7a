using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Identity;
using Hub.Identity.Normalization;

namespace Hub.Grpc;

/// <summary>
/// ResidentService. LookupResident answers from the identity index through the cache; GetResident
/// and SearchResidents arrive with the federated view (they answer UNIMPLEMENTED until then).
/// </summary>
public sealed class ResidentGrpcService(IdentityLookup lookup, TimeProvider time) : ResidentService.ResidentServiceBase
{
    /// <inheritdoc />
    public override async Task<LookupResidentResponse> LookupResident(LookupResidentRequest request, ServerCallContext context)
    {
        string? resident;
        switch (request.KeyCase)
        {
            case LookupResidentRequest.KeyOneofCase.SourceRef:
                new RequestChecks().Department("source_ref.department", request.SourceRef.Department)
                    .Required("source_ref.local_id", request.SourceRef.LocalId, 128).ThrowIfInvalid();
                // The hot path: one cache round trip for the record's resident and that resident's links.
                var linked = await lookup.LinksOfSourceAsync(request.SourceRef.Department, request.SourceRef.LocalId, context.CancellationToken);
                if (linked is null)
                    RpcErrors.NotFound("no resident is linked to that record");
                return new LookupResidentResponse { ResidentId = linked.ResidentId, Links = { linked.Links } };
            case LookupResidentRequest.KeyOneofCase.IdNumber:
                new RequestChecks().Required("id_number", request.IdNumber, 64).ThrowIfInvalid();
                var id = CitizenIdNumber.Parse(request.IdNumber, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
                new RequestChecks().Check(!id.IsValid, "id_number", $"not a valid citizen ID number ({id.Status})").ThrowIfInvalid();
                resident = await lookup.ResidentOfIdNumberAsync(id.Value!, context.CancellationToken);
                break;
            default:
                throw RpcErrors.InvalidArgument("key", "give source_ref or id_number");
        }
        if (resident is null)
            RpcErrors.NotFound("no resident is linked to that record");
        var links = await lookup.LinksAsync(resident, context.CancellationToken);
        if (links is null)
            RpcErrors.NotFound("no resident is linked to that record");
        return new LookupResidentResponse { ResidentId = links.ResidentId, Links = { links.Links } };
    }
}
