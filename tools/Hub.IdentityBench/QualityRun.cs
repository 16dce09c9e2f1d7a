using System.Diagnostics;
using Hub.Addresses;
using Hub.Caching;
using Hub.Contracts.V1;
using Hub.Dictionaries;
using Hub.Hosting;
using Hub.Identity;
using Hub.Identity.Matching;
using Hub.SampleData;
using Hub.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hub.IdentityBench;

/// <summary>One benchmark run: generate, translate, resolve incrementally, score.</summary>
public sealed record QualityRun(int Residents, int Records, TimeSpan Generate, TimeSpan Resolve, int Reviews, int Conflicts,
    PairwiseQuality Baseline, PairwiseQuality Hub, IReadOnlyList<(string Error, double Recall, int Records)> RecallByError,
    IReadOnlyList<ReviewYield> ReviewYield)
{
    public static async Task<QualityRun> RunAsync(int residents, int seed, int batchSize, int maxRecords, string synchronous, int cacheMib,
        int mmapMib, int inFlight, bool shuffled, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var population = new PopulationGenerator(new GeneratorOptions { Residents = residents, Seed = seed }).Generate(Console.WriteLine);
        var records = maxRecords > 0 ? population.Records.Take(maxRecords).ToList() : population.Records.ToList();
        records = shuffled ? Shuffled(records) : AsAdaptersPush(records, batchSize);
        var generate = clock.Elapsed;

        var folder = Path.Combine(Path.GetTempPath(), "hub-identity-bench", Guid.NewGuid().ToString("N"));
        var store = new SqliteHubStore(Path.Combine(folder, "hub.db"), synchronous, 30, TimeProvider.System, cacheMib, mmapMib);
        await store.MigrateAsync(ct);
        var identityStore = new TimedIdentityStore(new Hub.Storage.Sqlite.SqliteIdentityStore(store));
        var options = Options.Create(new HubOptions());
        var cache = new IdentityCache(new LocalHubCache(TimeProvider.System, TimeSpan.FromMinutes(30), 200_000), identityStore,
            TimeProvider.System, options, NullLogger<IdentityCache>.Instance);
        var engine = new IdentityEngine(identityStore, new IdentityResolver(MatchRules.Default),
            new FeatureExtractor(AddressParser.Shared, TimeProvider.System), cache, TimeProvider.System, NullLogger<IdentityEngine>.Instance);
        var translator = new CodeTranslator(DictionaryCatalog.Default);
        var mappings = AdminMappings.For(records);

        Console.WriteLine($"resolving {records.Count:N0} records in batches of {batchSize:N0} ...");
        var written = WrittenBytes();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var (gcPause, gen2, allocated) = (GC.GetTotalPauseDuration(), GC.CollectionCount(2), GC.GetTotalAllocatedBytes());
        clock.Restart();
        var predicted = new string[records.Count];
        int reviews = 0, conflicts = 0;
        var reviewed = new List<(int Record, string Proposed, double Score)>();
        var prepare = new Stopwatch();
        var match = new Stopwatch();
        long matchAllocated = 0;
        List<(string, string, PersonRecord)> Slice(int start)
        {
            prepare.Start();
            var slice = records.Skip(start).Take(batchSize).Select(r =>
            {
                var person = r.ToPersonRecord();
                translator.Translate(person, r.Department, mappings);
                return (r.Department, r.LocalId, person);
            }).ToList();
            prepare.Stop();
            return slice;
        }
        // Like adapters pushing at once: up to `inFlight` batches are handed to the engine before the oldest is
        // acknowledged, so matching one batch overlaps with committing the ones before it; batch k+1 is
        // normalised while batch k is matched.
        var pending = new Queue<(int Start, Task<IReadOnlyList<IngestedIdentity>> Linked)>();
        async Task CollectOldestAsync()
        {
            var (first, linked) = pending.Dequeue();
            var results = await linked;
            for (var i = 0; i < results.Count; i++)
            {
                predicted[first + i] = results[i].ResidentId;
                if (results[i].Decision == Decision.Review)
                {
                    reviews++;
                    if (results[i].Resolution is { ResidentId: { } proposed } resolution)
                        reviewed.Add((first + i, proposed, resolution.Score));
                }
                if (results[i].Decision == Decision.Conflict) conflicts++;
            }
            var done = first + results.Count;
            if ((first / batchSize) % 50 == 49)
                Console.WriteLine($"  {done:N0} records, {clock.Elapsed.TotalSeconds:0.0} s");
        }
        var current = Slice(0);
        var features = engine.Prepare(current.Select(x => x.Item3).ToList());
        for (var start = 0; start < records.Count; start += batchSize)
        {
            var next = start + batchSize < records.Count ? Slice(start + batchSize) : null;
            var nextFeatures = next is null ? null : Task.Run(() => engine.Prepare(next.Select(x => x.Item3).ToList()), ct);
            match.Start();
            var before = GC.GetAllocatedBytesForCurrentThread();
            pending.Enqueue((start, engine.IngestAsync(current, "bench", ct, features, keepResolutions: true)));
            matchAllocated += GC.GetAllocatedBytesForCurrentThread() - before;
            match.Stop();
            while (pending.Count >= inFlight)
                await CollectOldestAsync();
            if (next is null)
                break;
            current = next;
            features = await nextFeatures!;
        }
        while (pending.Count > 0)
            await CollectOldestAsync();
        var resolve = clock.Elapsed;
        Console.WriteLine($"  of which building and translating the records (the adapters' and ingest's share): {prepare.Elapsed.TotalSeconds:0.0} s");
        Console.WriteLine($"  of which matching (the engine's lock, overlapping the commits): {match.Elapsed.TotalSeconds:0.0} s, {matchAllocated / 1e9:0.00} GB allocated");
        Console.WriteLine($"  of which committing identity change sets to SQLite: {identityStore.Commits.Elapsed.TotalSeconds:0.0} s"
            + $" ({identityStore.CommitCpu.TotalSeconds:0.0} s CPU on the committing thread)"
            + $" in {identityStore.Transactions:N0} transactions of {identityStore.Links / (double)Math.Max(1, identityStore.Transactions):N0} links on average");
        var process = Process.GetCurrentProcess();
        Console.WriteLine($"  process CPU while resolving: {(process.TotalProcessorTime - cpuBefore).TotalSeconds:0.0} s;"
            + $" bytes written to storage: {(WrittenBytes() - written) / 1e9:0.00} GB;"
            + $" GC pauses {(GC.GetTotalPauseDuration() - gcPause).TotalSeconds:0.0} s in {GC.CollectionCount(2) - gen2} full collections,"
            + $" {(GC.GetTotalAllocatedBytes() - allocated) / 1e9:0.0} GB allocated");
        Console.WriteLine($"  store file: {new FileInfo(Path.Combine(folder, "hub.db")).Length / 1e6:N0} MB");
        Console.WriteLine($"  process CPU so far: user {process.UserProcessorTime.TotalSeconds:0.0} s, system {process.PrivilegedProcessorTime.TotalSeconds:0.0} s");

        var truth = records.Select(r => r.PersonId).ToList();
        if (Environment.GetEnvironmentVariable("HUB_BENCH_SHOW_MERGES") is { } show && int.TryParse(show, out var limit))
        {
            foreach (var cluster in Enumerable.Range(0, records.Count).GroupBy(i => predicted[i])
                         .Where(g => g.Select(i => truth[i]).Distinct().Skip(1).Any()).Take(limit))
            {
                Console.WriteLine($"false merge {cluster.Key}:");
                foreach (var i in cluster)
                {
                    var r = records[i].Raw;
                    Console.WriteLine($"  person {truth[i],7} {records[i].Department,-16} {r.Name,-8} id={r.IdNumber,-20} birth={r.BirthDate,-12} sex={r.Sex} phone={r.Phone} addr={r.Address} [{records[i].Errors}]");
                }
            }
        }
        var baseline = records.Select((r, i) => r.Raw.IdNumber.Trim().Length > 0 ? "id:" + r.Raw.IdNumber.Trim() : $"solo:{i}").ToList();
        var byError = Enum.GetValues<InjectedErrors>().Where(e => e != InjectedErrors.None)
            .Select(e => (e.ToString(), Recall(records, predicted, truth, i => records[i].Errors.HasFlag(e))))
            .Where(x => x.Item2.Count > 0)
            .Select(x => (x.Item1, x.Item2.Recall, x.Item2.Count)).ToList();
        if (Environment.GetEnvironmentVariable("HUB_BENCH_KEEP_DB") is null)
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        else
            Console.WriteLine($"store kept at {folder}");
        return new QualityRun(residents, records.Count, generate, resolve, reviews, conflicts,
            PairwiseQuality.Score(baseline, truth), PairwiseQuality.Score(predicted, truth), byError,
            IdentityBench.ReviewYield.Of(reviewed, predicted, truth, MatchRules.Default.ReviewThreshold, MatchRules.Default.LinkThreshold));
    }

    // Four adapters pushing at once: each reads its department's table in key order (the generator numbers each
    // department's records in its own random order of people) and hands the hub one batch at a time, so the engine
    // sees whole batches of one department, taking turns until the smaller departments are done.
    private static List<DepartmentRecord> AsAdaptersPush(List<DepartmentRecord> records, int batchSize)
    {
        var queues = records.GroupBy(r => r.Department).Select(g => new Queue<DepartmentRecord>(g)).ToList();
        var ordered = new List<DepartmentRecord>(records.Count);
        while (queues.Count > 0)
        {
            foreach (var queue in queues)
            {
                for (var i = 0; i < batchSize && queue.Count > 0; i++)
                    ordered.Add(queue.Dequeue());
            }
            queues.RemoveAll(q => q.Count == 0);
        }
        return ordered;
    }

    // The order of earlier sessions' figures: every record in a fixed pseudo-random place, departments mixed within
    // each batch. Harder on the store (no key arrives in order), kept to compare with them.
    private static List<DepartmentRecord> Shuffled(List<DepartmentRecord> records) =>
        records.Select((r, i) => (r, i)).OrderBy(x => (x.i * 2654435761L) % 1_000_003).Select(x => x.r).ToList();

    // Bytes this process caused to be written to storage (Linux /proc/self/io), or 0 where not available.
    private static long WrittenBytes()
    {
        try
        {
            var line = File.ReadLines("/proc/self/io").FirstOrDefault(l => l.StartsWith("write_bytes:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line["write_bytes:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static (double Recall, int Count) Recall(List<DepartmentRecord> records, string[] predicted, List<int> truth, Func<int, bool> selected)
    {
        var byPerson = Enumerable.Range(0, records.Count).GroupBy(i => truth[i]).ToDictionary(g => g.Key, g => g.ToList());
        long pairs = 0, found = 0;
        var count = 0;
        for (var i = 0; i < records.Count; i++)
        {
            if (!selected(i))
                continue;
            count++;
            foreach (var j in byPerson[truth[i]])
            {
                if (j == i) continue;
                pairs++;
                if (predicted[j] == predicted[i]) found++;
            }
        }
        return (pairs == 0 ? 1 : (double)found / pairs, count);
    }
}
