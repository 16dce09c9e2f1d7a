using Hub.Contracts.V1;

namespace Hub.Residents;

/// <summary>A department's person record as the hub keeps it (translated), and when the hub last received it.</summary>
public sealed record PersonRecordRow(string ResidentId, string Department, string LocalId, PersonRecord Person, DateTimeOffset UpdatedAt);

/// <summary>Reads the linked person records that a resident's core identity is built from.</summary>
public interface IResidentRecordStore
{
    /// <summary>The live (not deleted) person records linked to any of <paramref name="residentIds"/>, with their resident.</summary>
    Task<IReadOnlyList<PersonRecordRow>> PersonRecordsOfAsync(IReadOnlyCollection<string> residentIds, CancellationToken cancellationToken);
}
