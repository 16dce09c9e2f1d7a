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
        // Counted first and written into one array of that size; the composite values are hashed from their parts (the
        // same bytes as the joined text) rather than joined into strings first. This runs for every ingested record.
        var id = f.AnyIdNumber;
        var withBirthDate = f.SurnamePinyin.Length > 0 && f.HasCompleteBirthDate;
        var keys = new ulong[(id is null ? 0 : 4) + (f.PinyinKey.Length > 0 ? 1 : 0) + (f.NameKey.Length > 0 ? 1 : 0)
            + (withBirthDate ? 1 : 0) + f.Phones.Length + f.AddressKeys.Length];
        var count = 0;
        if (id is not null)
        {
            // area (0-5), birth date (6-13), sequence and check (14-17): each key leaves one part out.
            keys[count++] = Hash("id", id);
            keys[count++] = Hash("idAB", id.AsSpan(0, 14));
            keys[count++] = Hash("idAC", id.AsSpan(0, 6), id.AsSpan(14));
            keys[count++] = Hash("idBC", id.AsSpan(6));
        }
        Span<char> number = stackalloc char[11];
        if (f.PinyinKey.Length > 0)
        {
            f.BirthYear.TryFormat(number, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
            keys[count++] = Hash("py", f.PinyinKey, "|", number[..written]);
        }
        var nameOnlyAt = -1;
        if (f.NameKey.Length > 0)
        {
            nameOnlyAt = count;
            keys[count++] = Hash("nm", f.NameKey);
        }
        if (withBirthDate)
        {
            // yyyymmdd, as BirthDateKey writes it.
            var date = f.BirthYear * 10_000 + f.BirthMonth * 100 + f.BirthDay;
            date.TryFormat(number, out var written, "D8", System.Globalization.CultureInfo.InvariantCulture);
            keys[count++] = Hash("sb", f.SurnamePinyin, "|", number[..written]);
        }
        foreach (var phone in f.Phones)
            keys[count++] = Hash("ph", phone);
        foreach (var address in f.AddressKeys)
            keys[count++] = Hash("ad", address);
        return new BlockingKeys(keys, nameOnlyAt, f.NameKey.Length > 0 ? Hash("n", f.NameKey) : 0);
    }

    // The hash of kind, a zero byte and the UTF-8 of the parts one after another: parts hash as their joined text would.
    internal static ulong Hash(string kind, ReadOnlySpan<char> first, ReadOnlySpan<char> second = default, ReadOnlySpan<char> third = default)
    {
        Span<byte> buffer = stackalloc byte[512];
        if (Encoding.UTF8.GetMaxByteCount(kind.Length + 1 + first.Length + second.Length + third.Length) > buffer.Length)
            return XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(kind + "\0" + string.Concat(first, second, third)));
        var length = Encoding.UTF8.GetBytes(kind, buffer);
        buffer[length++] = 0;
        length += Encoding.UTF8.GetBytes(first, buffer[length..]);
        length += Encoding.UTF8.GetBytes(second, buffer[length..]);
        length += Encoding.UTF8.GetBytes(third, buffer[length..]);
        return XxHash64.HashToUInt64(buffer[..length]);
    }
}
