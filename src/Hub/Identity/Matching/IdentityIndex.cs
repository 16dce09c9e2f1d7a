
namespace Hub.Identity.Matching;

/// <summary>
/// The in-memory matching index: every linked record's features, which resident it belongs to,
/// blocking keys (hashed to 64 bits; a collision only adds a candidate that scoring then rejects)
/// and name frequencies. Not thread-safe: <see cref="IdentityEngine"/> serialises access.
/// A block is a chain of postings in two flat arrays (newest first, each pointing at the one before),
/// not a list object per key: a million records have several million blocks, and as objects they
/// made every full garbage collection walk them. A resident's records are such a chain too (one slot per
/// entry), and an indexed record keeps no blocking keys (only its name's count key): both were objects
/// per resident or per record that every full collection walked.
/// </summary>
public sealed class IdentityIndex
{
    /// <summary>Most records taken from one block; larger blocks (very common names) are cut.</summary>
    public const int MaxPerBlock = 300;

    private const int NoPosting = -1;

    private readonly List<Entry> _entries = [];
    private readonly Dictionary<(string Department, string LocalId), int> _bySource = [];
    // Resident -> its newest entry; _residentNext[entry] is the resident's entry before it.
    private readonly Dictionary<string, int> _residentHeads = new(StringComparer.Ordinal);
    private int[] _residentNext = new int[1024];
    // Block key -> its newest posting; a posting is (entry, previous posting of the same block).
    private readonly Dictionary<ulong, int> _blockHeads = [];
    private int[] _postingEntry = new int[1024];
    private int[] _postingNext = new int[1024];
    private int _postings;
    private readonly Dictionary<ulong, int> _nameCounts = [];
    private readonly Dictionary<string, string> _departments = new(StringComparer.Ordinal);
    private int _namedRecords;
    // Marks the entries one Candidates call has already returned (the call's stamp), instead of a set per call.
    private int[] _seen = new int[1024];
    private int _stamp;

    /// <summary>One indexed record.</summary>
    public sealed class Entry(string department, string localId, IdentityFeatures features, string residentId, ulong nameCountKey)
    {
        /// <summary>The hash its name is counted under (0 without a name), kept so its features need no blocking keys.</summary>
        internal ulong NameCountKey { get; } = nameCountKey;

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

    /// <summary>The active records of a resident, oldest first (a list, so the index may change while it is used).</summary>
    public IReadOnlyList<Entry> RecordsOf(string residentId)
    {
        if (!_residentHeads.TryGetValue(residentId, out var index))
            return [];
        var found = new List<Entry>();
        for (; index != NoPosting; index = _residentNext[index])
        {
            if (_entries[index].Active)
                found.Add(_entries[index]);
        }
        found.Reverse();
        return found;
    }

    /// <summary>Adds a record, or replaces the features and resident of one already indexed.</summary>
    public void Upsert(string department, string localId, IdentityFeatures features, string residentId)
    {
        if (_bySource.TryGetValue((department, localId), out var old))
            Deactivate(old);
        var index = _entries.Count;
        var blocking = features.Blocking;
        department = Shared(department);
        _entries.Add(new Entry(department, localId, features, residentId, blocking.NameCountKey));
        if (_residentNext.Length < _entries.Count)
            Array.Resize(ref _residentNext, _residentNext.Length * 2);
        _bySource[(department, localId)] = index;
        AddToResident(residentId, index);
        foreach (var key in blocking.Keys)
            AddPosting(key, index);
        if (features.NameKey.Length > 0)
        {
            _nameCounts[blocking.NameCountKey] = _nameCounts.GetValueOrDefault(blocking.NameCountKey) + 1;
            _namedRecords++;
        }
        // Indexed, its keys are not needed again (a later search with these features hashes them anew).
        features.ForgetBlocking();
    }

    /// <summary>Moves a record to another resident.</summary>
    public void Move(string department, string localId, string residentId)
    {
        if (!_bySource.TryGetValue((department, localId), out var index))
            return;
        var entry = _entries[index];
        RemoveFromResident(entry.ResidentId, index);
        entry.ResidentId = residentId;
        AddToResident(residentId, index);
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
        var found = new List<Entry>();
        Candidates(features, found);
        return found;
    }

    /// <summary>Adds the active records sharing at least one blocking key with <paramref name="features"/> to <paramref name="found"/>, each once.</summary>
    public void Candidates(IdentityFeatures features, List<Entry> found)
    {
        if (_seen.Length < _entries.Count)
            Array.Resize(ref _seen, Math.Max(_entries.Count, _seen.Length * 2));
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_seen);
            _stamp = 1;
        }
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
        RemoveFromResident(entry.ResidentId, index);
        if (entry.Features.NameKey.Length > 0)
        {
            var name = entry.NameCountKey;
            _nameCounts[name] = Math.Max(0, _nameCounts.GetValueOrDefault(name) - 1);
            _namedRecords--;
        }
        _bySource.Remove((entry.Department, entry.LocalId));
    }

    // A handful of departments, but each parsed record brings its own copy of the name: keep one.
    private string Shared(string department)
    {
        ref var shared = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_departments, department, out var exists);
        if (!exists)
            shared = department;
        return shared!;
    }

    private void AddToResident(string residentId, int index)
    {
        ref var head = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_residentHeads, residentId, out var exists);
        _residentNext[index] = exists ? head : NoPosting;
        head = index;
    }

    // A resident has a handful of records, so unlinking one walks its short chain.
    private void RemoveFromResident(string residentId, int index)
    {
        if (!_residentHeads.TryGetValue(residentId, out var head))
            return;
        if (head == index)
        {
            if (_residentNext[index] == NoPosting)
                _residentHeads.Remove(residentId);
            else
                _residentHeads[residentId] = _residentNext[index];
            return;
        }
        for (var at = head; _residentNext[at] != NoPosting; at = _residentNext[at])
        {
            if (_residentNext[at] == index)
            {
                _residentNext[at] = _residentNext[index];
                return;
            }
        }
    }
}
