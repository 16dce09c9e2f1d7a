using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Hub.Audit;

namespace Hub.Tests.Audit;

/// <summary>Chains written by earlier hubs must still verify: the hashed layout of an entry never changes.</summary>
public sealed class AuditHashTests
{
    [Fact]
    public void Compute_SameLayoutAsTheFirstChains()
    {
        var rows = new[]
        {
            new AuditEntryRow(1, "2026-01-02T03:04:05.0000000Z", "admin", "testing", "r-1", "", "core.name", "/hub.v1.ResidentService/LookupResident",
                "0123abcd", "OK", AuditHash.Genesis, ""),
            // Non-ASCII text (UTF-8 lengths differ from character counts), empty fields, lists and a large sequence.
            new AuditEntryRow(long.MaxValue - 7, "2026-11-27T00:00:00.1234567Z", "民政-系统", "", "", "household\nsocial", "household.地址\ncore.id_number:masked",
                "/hub.v1.ResidentService/GetResident", new string('x', 128), "RESOURCE_EXHAUSTED", new string('f', 64), "ignored"),
        };
        foreach (var row in rows)
            Assert.Equal(Reference(row), AuditHash.Compute(row));
    }

    // The layout as first written: an incremental SHA-256 over the sequence and each field's length and UTF-8 bytes.
    private static string Reference(AuditEntryRow row)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var number = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, row.Sequence);
        hash.AppendData(number);
        foreach (var text in new[] { row.AccessTime, row.Caller, row.Purpose, row.ResidentId, row.Facets, row.Fields, row.RpcMethod,
                     row.RequestId, row.StatusCode, row.PreviousHash })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            BinaryPrimitives.WriteInt64BigEndian(number, bytes.Length);
            hash.AppendData(number);
            hash.AppendData(bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
