using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Hub.IdentityBench;

var residents = new Option<int>("--residents", "-n") { Description = "Generated residents (each has ~1.9 department records).", DefaultValueFactory = _ => 100_000 };
var seed = new Option<int>("--seed", "-s") { Description = "Generator seed.", DefaultValueFactory = _ => 42 };
var batch = new Option<int>("--batch") { Description = "Records per identity transaction.", DefaultValueFactory = _ => 2000 };
var maxRecords = new Option<int>("--max-records") { Description = "Stop after this many records (0: all).", DefaultValueFactory = _ => 0 };
var synchronous = new Option<string>("--synchronous") { Description = "SQLite durability: full or normal.", DefaultValueFactory = _ => "full" };
var cacheMib = new Option<int>("--cache-mib") { Description = "SQLite page cache per connection, MiB (the hub's Hub:Store:CacheMiB).", DefaultValueFactory = _ => 64 };
var mmapMib = new Option<int>("--mmap-mib") { Description = "Part of the store file SQLite reads through a memory map, MiB (the hub's Hub:Store:MmapMiB; 0 off).", DefaultValueFactory = _ => 2047 };
var shuffled = new Option<bool>("--shuffled") { Description = "Resolve the records in a pseudo-random order, departments mixed within each batch (the order of figures before 2026-11-27), instead of as four adapters push them: each department's batches in its own key order, taking turns." };
var inFlight = new Option<int>("--in-flight") { Description = "Batches handed to the engine before the oldest is acknowledged (as several adapters pushing at once); 1 is strictly one after another.", DefaultValueFactory = _ => 4 };

var root = new RootCommand("Identity benchmark: generates a population with the sample-data generator, resolves every department record "
    + "incrementally through the identity engine on a real SQLite store, and prints pairwise precision, recall, F1 and false merges "
    + "beside the exact-ID baseline, with throughput and peak memory.")
{
    residents, seed, batch, maxRecords, synchronous, cacheMib, mmapMib, inFlight, shuffled,
};
root.SetAction(async (parse, ct) =>
{
    var run = await QualityRun.RunAsync(parse.GetValue(residents), parse.GetValue(seed), parse.GetValue(batch), parse.GetValue(maxRecords),
        parse.GetValue(synchronous)!, parse.GetValue(cacheMib), parse.GetValue(mmapMib), Math.Max(1, parse.GetValue(inFlight)), parse.GetValue(shuffled), ct);
    static string P(double v) => v.ToString("0.00000", CultureInfo.InvariantCulture);
    Console.WriteLine();
    Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; SQLite synchronous={parse.GetValue(synchronous)}, page cache {parse.GetValue(cacheMib)} MiB, memory map {parse.GetValue(mmapMib)} MiB; batches of {parse.GetValue(batch):N0}, {parse.GetValue(inFlight)} in flight; order: {(parse.GetValue(shuffled) ? "shuffled" : "as four adapters push")}");
    Console.WriteLine($"records {run.Records:N0} from {run.Residents:N0} residents; generated in {run.Generate.TotalSeconds:0.0} s");
    Console.WriteLine($"resolved incrementally in {run.Resolve.TotalSeconds:0.0} s = {run.Records / run.Resolve.TotalSeconds:N0} records/s (store writes included)");
    Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MiB; review items {run.Reviews:N0}; conflicts {run.Conflicts:N0}");
    Console.WriteLine();
    Console.WriteLine($"{"method",-14} {"precision",10} {"recall",10} {"F1",10} {"false merges",13} {"records in them",16} {"clusters",10}");
    foreach (var (name, q) in new[] { ("exact ID", run.Baseline), ("hub", run.Hub) })
        Console.WriteLine($"{name,-14} {P(q.Precision),10} {P(q.Recall),10} {P(q.F1),10} {q.MixedClusters,13:N0} {q.RecordsInMixedClusters,16:N0} {q.Clusters,10:N0}");
    Console.WriteLine();
    Console.WriteLine("recall by injected error (share of the record's true pairs found):");
    foreach (var (error, recall, count) in run.RecallByError)
        Console.WriteLine($"  {error,-20} {P(recall)} over {count:N0} records");
    Console.WriteLine();
    Console.WriteLine("review items by score: how often the resident each was proposed for holds the record's true person at the end:");
    foreach (var band in run.ReviewYield)
        Console.WriteLine($"  {band.Band,-18} {band.Items,8:N0} items, proposal right in {band.ProposalRight,8:N0} ({(double)band.ProposalRight / Math.Max(1, band.Items):P1})");
    return 0;
});
return await root.Parse(args).InvokeAsync();
