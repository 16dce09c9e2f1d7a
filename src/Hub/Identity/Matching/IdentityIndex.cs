using System.IO.Hashing;
using System.Text;

namespace Hub.Identity.Matching;

/// <summary>
/// The in-memory matching index: every linked record's features, which resident it belongs to,
/// blocking keys (hashed to 64 bits; a collision only adds a candidate that scoring then rejects)
/// and name frequencies. Not thread-safe: <see cref="IdentityEngine"/> serialises access.
/// </summary>
public sealed class IdentityIndex
{
    /// <summary>Most records taken from one block; larger blocks (very common names) are cut.</summary>
    public const int MaxPerBlock = 300;

    private readonly List<Entry> _entries = [];
    private readonly Dictionary<(string Department, string LocalId), int> _bySource = [];
    private readonly Dictionary<string, List<int>> _byResident = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, List<int>> _blocks = [];
    private readonly Dictionary<ulong, int> _nameCounts = [];
    private int _namedRecords;

    /// <summary>One indexed record.</summary>
    public sealed class Entry(string department, string localId, IdentityFeatures features, string residentId)
    {
        /// <summary>Department of the record.</summary>
        public string Department { get; } = department;

        /// <summary>Local id of the record.</summary>
        public string LocalId { get; } = localId;

        /// <summary>Its features.</summary>
        public IdentityFeatures Features { get; set; } = features;

        /// <summary>The resident it is linked to.</summary>
        public string ResidentId { get; set; } = residentId;

        /// <summary>False once replaced by a newer version or removed.</summary>
        public bool Active { get; set; } = true;
    }

    /// <summary>Number of active records.</summary>
    public int Count => _bySource.Count;

    /// <summary>The record of a source, or null.</summary>
    public Entry? Find(string department, string localId) =>
        _bySource.TryGetValue((department, localId), out var i) ? _entries[i] : null;

    /// <summary>The active records of a resident.</summary>
    public IEnumerable<Entry> RecordsOf(string residentId) =>
        _byResident.TryGetValue(residentId, out var list) ? list.Select(i => _entries[i]).Where(e => e.Active) : [];

    /// <summary>Adds a record, or replaces the features and resident of one already indexed.</summary>
    public void Upsert(string department, string localId, IdentityFeatures features, string residentId)
    {
        if (_bySource.TryGetValue((department, localId), out var old))
            Deactivate(old);
        var index = _entries.Count;
        _entries.Add(new Entry(department, localId, features, residentId));
        _bySource[(department, localId)] = index;
        ResidentList(residentId).Add(index);
        foreach (var key in BlockKeys(features))
        {
            if (!_blocks.TryGetValue(key, out var block))
                _blocks[key] = block = [];
            block.Add(index);
        }
        if (features.NameKey.Length > 0)
        {
            var name = Hash("n", features.NameKey);
            _nameCounts[name] = _nameCounts.GetValueOrDefault(name) + 1;
            _namedRecords++;
        }
    }

    /// <summary>Moves a record to another resident.</summary>
    public void Move(string department, string localId, string residentId)
    {
        if (!_bySource.TryGetValue((department, localId), out var index))
            return;
        var entry = _entries[index];
        if (_byResident.TryGetValue(entry.ResidentId, out var list))
            list.Remove(index);
        entry.ResidentId = residentId;
        ResidentList(residentId).Add(index);
    }

    /// <summary>Drops a record (its source was deleted); false when it was not indexed.</summary>
    public bool Remove(string department, string localId)
    {
        if (!_bySource.TryGetValue((department, localId), out var index))
            return false;
        Deactivate(index);
        return true;
    }

    /// <summary>Active records sharing at least one blocking key with <paramref name="features"/>.</summary>
    public IEnumerable<Entry> Candidates(IdentityFeatures features)
    {
        var seen = new HashSet<int>();
        foreach (var key in BlockKeys(features, query: true))
        {
            if (!_blocks.TryGetValue(key, out var block))
                continue;
            // Newest first: a capped block keeps the most recent records.
            for (int i = block.Count - 1, taken = 0; i >= 0 && taken < MaxPerBlock; i--)
            {
                var entry = _entries[block[i]];
                if (!entry.Active)
                    continue;
                taken++;
                if (seen.Add(block[i]))
                    yield return entry;
            }
        }
    }

    /// <summary>Active records whose (valid or typo'd) ID number is exactly <paramref name="idNumber"/>.</summary>
    public IEnumerable<Entry> WithIdNumber(string idNumber) =>
        _blocks.TryGetValue(Hash("id", idNumber), out var block)
            ? block.Select(i => _entries[i]).Where(e => e.Active && e.Features.AnyIdNumber == idNumber)
            : [];

    /// <summary>The u-probability of agreeing on this name by chance: its smoothed frequency among indexed records.</summary>
    public double NameU(string nameKey, NameFrequencyRule rule)
    {
        var count = _nameCounts.GetValueOrDefault(Hash("n", nameKey));
        var u = (count + rule.PriorWeight * rule.PriorU) / (_namedRecords + rule.PriorWeight);
        return Math.Max(u, rule.MinU);
    }

    private void Deactivate(int index)
    {
        var entry = _entries[index];
        entry.Active = false;
        if (_byResident.TryGetValue(entry.ResidentId, out var list))
            list.Remove(index);
        if (entry.Features.NameKey.Length > 0)
        {
            var name = Hash("n", entry.Features.NameKey);
            _nameCounts[name] = Math.Max(0, _nameCounts.GetValueOrDefault(name) - 1);
            _namedRecords--;
        }
        _bySource.Remove((entry.Department, entry.LocalId));
    }

    private List<int> ResidentList(string residentId)
    {
        if (!_byResident.TryGetValue(residentId, out var list))
            _byResident[residentId] = list = [];
        return list;
    }

    // Blocking keys: a true match shares at least one with its partner despite a typo, a missing
    // value, a homophone or a moved address. Any single-character ID typo leaves one ID part intact.
    private static IEnumerable<ulong> BlockKeys(IdentityFeatures f, bool query = false)
    {
        if (f.AnyIdNumber is { } id)
        {
            // area (0-5), birth date (6-13), sequence and check (14-17): each key leaves one part out.
            yield return Hash("id", id);
            yield return Hash("idAB", id[..14]);
            yield return Hash("idAC", string.Concat(id.AsSpan(0, 6), id.AsSpan(14)));
            yield return Hash("idBC", id[6..]);
        }
        if (f.PinyinKey.Length > 0)
            yield return Hash("py", $"{f.PinyinKey}|{f.BirthYear}");
        // Name alone: indexed for every record, searched only by records that know no birth year.
        if (f.NameKey.Length > 0 && (!query || f.BirthYear == 0))
            yield return Hash("nm", f.NameKey);
        if (f.SurnamePinyin.Length > 0 && f.BirthDateKey is { } date)
            yield return Hash("sb", $"{f.SurnamePinyin}|{date}");
        foreach (var phone in f.Phones)
            yield return Hash("ph", phone);
        foreach (var address in f.AddressKeys)
            yield return Hash("ad", address);
    }

    private static ulong Hash(string kind, string value)
    {
        Span<byte> buffer = stackalloc byte[512];
        var length = Encoding.UTF8.GetBytes(kind, buffer);
        buffer[length++] = 0;
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (length + max > buffer.Length)
            return XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(kind + "\0" + value));
        length += Encoding.UTF8.GetBytes(value, buffer[length..]);
        return XxHash64.HashToUInt64(buffer[..length]);
    }
}
