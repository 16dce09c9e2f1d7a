using Hub.Contracts.V1;
using Hub.Identity;
using Hub.Identity.Normalization;

namespace Hub.Cases;

/// <summary>
/// Turns the resident references of a case's people into hub resident ids through the identity index.
/// A person the hub does not know keeps an empty resident id: a case never needs a registered resident.
/// </summary>
public sealed class PartyResolver(IdentityLookup lookup, TimeProvider time)
{
    /// <summary>The parties with <c>resident_id</c> filled where the reference is known.</summary>
    public async Task<IReadOnlyList<CaseParty>> ResolveAsync(IEnumerable<CaseParty> parties, CancellationToken cancellationToken)
    {
        var resolved = new List<CaseParty>();
        var i = 0;
        foreach (var party in parties)
        {
            var copy = party.Clone();
            copy.ResidentId = "";
            if (copy.Resident is not null)
            {
                copy.Resident = await ResolveReferenceAsync(copy.Resident, $"parties[{i}].resident", cancellationToken);
                copy.ResidentId = copy.Resident.ResidentId;
            }
            resolved.Add(copy);
            i++;
        }
        return resolved;
    }

    /// <summary>
    /// The reference as a resident id when the hub knows the person; otherwise the reference as given, with a
    /// normalised ID number. A malformed ID number is an invalid argument of <paramref name="field"/>.
    /// </summary>
    public async Task<ResidentRef> ResolveReferenceAsync(ResidentRef reference, string field, CancellationToken cancellationToken)
    {
        switch (reference.ReferenceCase)
        {
            case ResidentRef.ReferenceOneofCase.ResidentId:
                return reference;
            case ResidentRef.ReferenceOneofCase.SourceRef:
                var bySource = await lookup.ResidentOfSourceAsync(reference.SourceRef.Department, reference.SourceRef.LocalId, cancellationToken);
                return bySource is null ? reference : new ResidentRef { ResidentId = bySource };
            case ResidentRef.ReferenceOneofCase.IdNumber:
                var parsed = CitizenIdNumber.Parse(reference.IdNumber, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
                if (!parsed.IsValid)
                    throw new CaseException(CaseErrorKind.InvalidArgument, $"is not a valid citizen ID number ({parsed.Status})", field + ".id_number");
                var byNumber = await lookup.ResidentOfIdNumberAsync(parsed.Value!, cancellationToken);
                return byNumber is null ? new ResidentRef { IdNumber = parsed.Value } : new ResidentRef { ResidentId = byNumber };
            default:
                throw new CaseException(CaseErrorKind.InvalidArgument, "must set one of resident_id, source_ref or id_number", field);
        }
    }
}
