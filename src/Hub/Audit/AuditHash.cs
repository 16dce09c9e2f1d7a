using System.Buffers;
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
        // The hashed bytes are laid out in one rented buffer and hashed in one call: an incremental hash object and
        // a byte array per field cost more than the SHA-256 itself, and every audited read pays this once per entry.
        // The layout is unchanged: the sequence (8 bytes, big-endian), then per field its UTF-8 length (8 bytes) and bytes.
        ReadOnlySpan<string> fields = [row.AccessTime, row.Caller, row.Purpose, row.ResidentId, row.Facets, row.Fields,
            row.RpcMethod, row.RequestId, row.StatusCode, row.PreviousHash];
        var size = 8;
        foreach (var text in fields)
            size += 8 + Encoding.UTF8.GetMaxByteCount(text.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            BinaryPrimitives.WriteInt64BigEndian(buffer, row.Sequence);
            var at = 8;
            foreach (var text in fields)
            {
                var length = Encoding.UTF8.GetBytes(text, buffer.AsSpan(at + 8));
                BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(at), length);
                at += 8 + length;
            }
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, at), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
