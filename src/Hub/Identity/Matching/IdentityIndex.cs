
namespace Hub.Identity.Matching;

/// <summary>
/// The in-memory matching index: every linked record's features, which resident it belongs to,
/// blocking keys (hashed to 64 bits; a collision only adds a candidate that scoring then rejects)
/// and name frequencies. Not thread-safe: <see cref="IdentityEngine"/> serialises access.
/// A block is a chain of postings in two flat arrays (newest first, each pointing at the one before),
/// not a list object per key: a million records have several million blocks, and as objects they
/// made every full garbage collection walk them.
/// </summary>
public sealed class IdentityIndex
{
    /// <summary>Most records taken from one block; larger blocks (very common names) are cut.</summary>
    public const int MaxPerBlock = 300;

    private const int NoPosting = -1;

    private readonly List<Entry> _entries = [];
    private readonly Dictionary<(string Department, string LocalId), int> _bySource = [];
    private readonly Dictionary<string, List<int>> _byResident = new(StringComparer.Ordinal);
    // Block key -> its newest posting; a posting is (entry, previous posting of the same block).
    private readonly Dictionary<ulong, int> _blockHeads = [];
    private int[] _postingEntry = new int[1024];
    private int[] _postingNext = new int[1024];
    private int _postings;
    private readonly Dictionary<ulong, int> _nameCounts = [];
    private int _namedRecords;
    // Marks the entries one Candidates call has already returned (the call's stamp), instead of a set per call.
    private int[] _seen = new int[1024];
    private int _stamp;

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
        foreach (var key in features.Blocking.Keys)
            AddPosting(key, index);
        if (features.NameKey.Length > 0)
        {
            var name = features.Blocking.NameCountKey;
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

    /// <summary>Active records sharing at least one blocking key with <paramref name="features"/>, each once.</summary>
    public IEnumerable<Entry> Candidates(IdentityFeatures features)
    {
        if (_seen.Length < _entries.Count)
            Array.Resize(ref _seen, Math.Max(_entries.Count, _seen.Length * 2));
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_seen);
            _stamp = 1;
        }
        var found = new List<Entry>();
        var blocking = features.Blocking;
        for (var k = 0; k < blocking.Keys.Length; k++)
        {
            // Name alone: indexed for every record, searched only by records that know no birth year.
            if (k == blocking.NameOnlyAt && features.BirthYear != 0)
                continue;
            if (!_blockHeads.TryGetValue(blocking.Keys[k], out var posting))
                continue;
            // Newest first: a capped block keeps the most recent records.
            for (var taken = 0; posting != NoPosting && taken < MaxPerBlock; posting = _postingNext[posting])
            {
                var index = _postingEntry[posting];
                var entry = _entries[index];
                if (!entry.Active)
                    continue;
                taken++;
                if (_seen[index] == _stamp)
                    continue;
                _seen[index] = _stamp;
                found.Add(entry);
            }
        }
        return found;
    }

    /// <summary>Active records whose (valid or typo'd) ID number is exactly <paramref name="idNumber"/>, oldest first.</summary>
    public IEnumerable<Entry> WithIdNumber(string idNumber)
    {
        if (!_blockHeads.TryGetValue(BlockingKeys.Hash("id", idNumber), out var posting))
            return [];
        var found = new List<Entry>();
        for (; posting != NoPosting; posting = _postingNext[posting])
        {
            var entry = _entries[_postingEntry[posting]];
            if (entry.Active && entry.Features.AnyIdNumber == idNumber)
                found.Add(entry);
        }
        found.Reverse();
        return found;
    }

    /// <summary>The u-probability of agreeing on this name by chance: its smoothed frequency among indexed records.</summary>
    public double NameU(string nameKey, NameFrequencyRule rule)
    {
        var count = _nameCounts.GetValueOrDefault(BlockingKeys.Hash("n", nameKey));
        var u = (count + rule.PriorWeight * rule.PriorU) / (_namedRecords + rule.PriorWeight);
        return Math.Max(u, rule.MinU);
    }

    private void AddPosting(ulong key, int index)
    {
        if (_postings == _postingEntry.Length)
        {
            Array.Resize(ref _postingEntry, _postings * 2);
            Array.Resize(ref _postingNext, _postings * 2);
        }
        ref var head = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_blockHeads, key, out var exists);
        _postingEntry[_postings] = index;
        _postingNext[_postings] = exists ? head : NoPosting;
        head = _postings++;
    }

    private void Deactivate(int index)
    {
        var entry = _entries[index];
        entry.Active = false;
        if (_byResident.TryGetValue(entry.ResidentId, out var list))
            list.Remove(index);
        if (entry.Features.NameKey.Length > 0)
        {
            var name = entry.Features.Blocking.NameCountKey;
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
}
