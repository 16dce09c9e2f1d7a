using System.IO.Hashing;
using System.Text;

namespace Hub.Identity.Matching;

/// <summary>
/// A record's blocking keys, hashed to 64 bits, and the hash its name is counted under. Computed once
/// per record (by <see cref="IdentityEngine.Prepare"/> on every core, outside the engine's lock) and
/// used when the record is matched, indexed and taken out again.
/// </summary>
public sealed class BlockingKeys
{
    private BlockingKeys(ulong[] keys, int nameOnlyAt, ulong nameCountKey)
    {
        Keys = keys;
        NameOnlyAt = nameOnlyAt;
        NameCountKey = nameCountKey;
    }

    /// <summary>The keys the record is indexed under, in the order candidates are gathered.</summary>
    public ulong[] Keys { get; }

    /// <summary>Position in <see cref="Keys"/> of the name-alone key, which only records without a birth year search; -1 when none.</summary>
    public int NameOnlyAt { get; }

    /// <summary>The hash the record's name is counted under for its frequency (0 when it has no name).</summary>
    public ulong NameCountKey { get; }

    // A true match shares at least one key with its partner despite a typo, a missing value, a
    // homophone or a moved address. Any single-character ID typo leaves one ID part intact.
    internal static BlockingKeys For(IdentityFeatures f)
    {
        var keys = new List<ulong>(8);
        if (f.AnyIdNumber is { } id)
        {
            // area (0-5), birth date (6-13), sequence and check (14-17): each key leaves one part out.
            keys.Add(Hash("id", id));
            keys.Add(Hash("idAB", id.AsSpan(0, 14)));
            keys.Add(Hash("idAC", string.Concat(id.AsSpan(0, 6), id.AsSpan(14))));
            keys.Add(Hash("idBC", id.AsSpan(6)));
        }
        if (f.PinyinKey.Length > 0)
            keys.Add(Hash("py", $"{f.PinyinKey}|{f.BirthYear}"));
        var nameOnlyAt = -1;
        if (f.NameKey.Length > 0)
        {
            nameOnlyAt = keys.Count;
            keys.Add(Hash("nm", f.NameKey));
        }
        if (f.SurnamePinyin.Length > 0 && f.BirthDateKey is { } date)
            keys.Add(Hash("sb", $"{f.SurnamePinyin}|{date}"));
        foreach (var phone in f.Phones)
            keys.Add(Hash("ph", phone));
        foreach (var address in f.AddressKeys)
            keys.Add(Hash("ad", address));
        return new BlockingKeys([.. keys], nameOnlyAt, f.NameKey.Length > 0 ? Hash("n", f.NameKey) : 0);
    }

    internal static ulong Hash(string kind, ReadOnlySpan<char> value)
    {
        Span<byte> buffer = stackalloc byte[512];
        var length = Encoding.UTF8.GetBytes(kind, buffer);
        buffer[length++] = 0;
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (length + max > buffer.Length)
            return XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(kind + "\0" + value.ToString()));
        length += Encoding.UTF8.GetBytes(value, buffer[length..]);
        return XxHash64.HashToUInt64(buffer[..length]);
    }
}
