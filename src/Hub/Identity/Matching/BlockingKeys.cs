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
        // Gathered on the stack and copied once into the kept array; the composite values are hashed from their parts
        // (the same bytes as the joined text) rather than joined into strings first. This runs for every ingested record.
        var buffer = new KeyBuffer(stackalloc ulong[16]);
        if (f.AnyIdNumber is { } id)
        {
            // area (0-5), birth date (6-13), sequence and check (14-17): each key leaves one part out.
            buffer.Add(Hash("id", id));
            buffer.Add(Hash("idAB", id.AsSpan(0, 14)));
            buffer.Add(Hash("idAC", id.AsSpan(0, 6), id.AsSpan(14)));
            buffer.Add(Hash("idBC", id.AsSpan(6)));
        }
        Span<char> number = stackalloc char[11];
        if (f.PinyinKey.Length > 0)
        {
            f.BirthYear.TryFormat(number, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
            buffer.Add(Hash("py", f.PinyinKey, "|", number[..written]));
        }
        var nameOnlyAt = -1;
        if (f.NameKey.Length > 0)
        {
            nameOnlyAt = buffer.Count;
            buffer.Add(Hash("nm", f.NameKey));
        }
        if (f.SurnamePinyin.Length > 0 && f.HasCompleteBirthDate)
        {
            // yyyymmdd, as BirthDateKey writes it.
            var date = f.BirthYear * 10_000 + f.BirthMonth * 100 + f.BirthDay;
            date.TryFormat(number, out var written, "D8", System.Globalization.CultureInfo.InvariantCulture);
            buffer.Add(Hash("sb", f.SurnamePinyin, "|", number[..written]));
        }
        foreach (var phone in f.Phones)
            buffer.Add(Hash("ph", phone));
        foreach (var address in f.AddressKeys)
            buffer.Add(Hash("ad", address));
        return new BlockingKeys(buffer.ToArray(), nameOnlyAt, f.NameKey.Length > 0 ? Hash("n", f.NameKey) : 0);
    }

    // Keys on the stack while there is room (a record has about eight), then in an array.
    private ref struct KeyBuffer(Span<ulong> initial)
    {
        private Span<ulong> _keys = initial;

        public int Count { get; private set; }

        public void Add(ulong key)
        {
            if (Count == _keys.Length)
            {
                var grown = new ulong[_keys.Length * 2];
                _keys.CopyTo(grown);
                _keys = grown;
            }
            _keys[Count++] = key;
        }

        public readonly ulong[] ToArray() => _keys[..Count].ToArray();
    }

    internal static ulong Hash(string kind, ReadOnlySpan<char> value) => Hash(kind, value, default, default);

    internal static ulong Hash(string kind, ReadOnlySpan<char> first, ReadOnlySpan<char> second) => Hash(kind, first, second, default);

    // The hash of kind, a zero byte and the UTF-8 of the parts one after another: parts hash as their joined text would.
    internal static ulong Hash(string kind, ReadOnlySpan<char> first, ReadOnlySpan<char> second, ReadOnlySpan<char> third)
    {
        Span<byte> buffer = stackalloc byte[512];
        var max = Encoding.UTF8.GetMaxByteCount(kind.Length + 1 + first.Length + second.Length + third.Length);
        if (max > buffer.Length)
            return XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(string.Concat(kind, "\0", first.ToString(), second.ToString() + third.ToString())));
        var length = Encoding.UTF8.GetBytes(kind, buffer);
        buffer[length++] = 0;
        length += Encoding.UTF8.GetBytes(first, buffer[length..]);
        length += Encoding.UTF8.GetBytes(second, buffer[length..]);
        length += Encoding.UTF8.GetBytes(third, buffer[length..]);
        return XxHash64.HashToUInt64(buffer[..length]);
    }
}
