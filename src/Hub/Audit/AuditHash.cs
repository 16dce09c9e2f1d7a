using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Hub.Audit;

/// <summary>
/// The chain: each entry's hash is SHA-256 over its sequence, every stored field (length-prefixed, so no two
/// different entries serialise alike) and the previous entry's hash.
/// </summary>
public static class AuditHash
{
    /// <summary>The previous hash of the first entry: 64 zeros.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>Separator of the facet and field lists in the stored text.</summary>
    public const char ListSeparator = '\n';

    /// <summary>The entry hash of <paramref name="row"/> (its own <c>EntryHash</c> is ignored).</summary>
    public static string Compute(AuditEntryRow row)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, row.Sequence);
        hash.AppendData(number);
        foreach (var text in (string[])[row.AccessTime, row.Caller, row.Purpose, row.ResidentId, row.Facets, row.Fields,
                     row.RpcMethod, row.RequestId, row.StatusCode, row.PreviousHash])
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            BinaryPrimitives.WriteInt64BigEndian(number, bytes.Length);
            hash.AppendData(number);
            hash.AppendData(bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
