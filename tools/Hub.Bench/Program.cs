using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Grpc.Net.Client;
using Hub.Bench;
using Hub.Bench.Scenarios;

var scenariosArg = new Argument<string[]>("scenarios")
{
    Description = "Scenarios to run (default: all). The baseline 'noop' always runs first.",
    Arity = ArgumentArity.ZeroOrMore,
};
var urlOption = new Option<string?>("--url") { Description = "An already running hub (for example http://127.0.0.1:5080). Default: start one in this process." };
var concurrencyOption = new Option<int>("--concurrency", "-c") { Description = "Concurrent callers.", DefaultValueFactory = _ => 32 };
var durationOption = new Option<int>("--duration", "-d") { Description = "Measured seconds per scenario.", DefaultValueFactory = _ => 10 };
var warmupOption = new Option<int>("--warmup", "-w") { Description = "Warm-up seconds per scenario, not measured.", DefaultValueFactory = _ => 3 };
var maxWarmupOption = new Option<int>("--max-warmup") { Description = "After --warmup, keep warming up in 2 s slices while throughput still rises (until two in a row do not beat the best by 5 %), up to this many seconds in all; set it to --warmup to disable.", DefaultValueFactory = _ => 60 };
var hubSettingOption = new Option<string[]>("--hub-setting") { Description = "Extra --Key=value setting for the in-process hub (repeatable)." };
var lookupRecordsOption = new Option<int>("--lookup-records") { Description = "Records lookup-source pushes in its setup and reads.", DefaultValueFactory = _ => 10_000 };
var connectionsOption = new Option<int>("--connections") { Description = "HTTP/2 connections the bench client spreads its calls over, round-robin.", DefaultValueFactory = _ => 1 };
var subscribersOption = new Option<int>("--subscribers") { Description = "WatchCases subscribers case-delivery holds open.", DefaultValueFactory = _ => 100 };
var residentsOption = new Option<int>("--federation-residents") { Description = "Residents the federation scenarios push (each into four departments) and read.", DefaultValueFactory = _ => 1000 };
var rateOption = new Option<int>("--rate") { Description = "Also run each scenario open-loop after its closed-loop run: calls started at this fixed rate per second, latency from the scheduled start; 0 (default) for none." };
var listOption = new Option<bool>("--list") { Description = "List the scenarios and exit." };
var apiKeyOption = new Option<string?>("--api-key") { Description = "API key for --url (an admin key: the scenarios push and read); default HUB_API_KEY." };

var root = new RootCommand("Hub benchmark harness: runs named scenarios against a hub on loopback and prints throughput and p50/p99 latency.")
{
    scenariosArg, urlOption, concurrencyOption, durationOption, warmupOption, maxWarmupOption, hubSettingOption, lookupRecordsOption, connectionsOption, residentsOption, subscribersOption, listOption, rateOption,
    apiKeyOption,
};

root.SetAction(async (parse, cancellationToken) =>
{
    await using var federation = new FederationSetup(parse.GetValue(residentsOption));
    var catalog = ScenarioCatalog.Create(parse.GetValue(lookupRecordsOption), federation, parse.GetValue(subscribersOption));
    if (parse.GetValue(listOption))
    {
        foreach (var s in catalog)
            Console.WriteLine($"{s.Name,-24} {s.Description}");
        return 0;
    }

    var wanted = parse.GetValue(scenariosArg) ?? [];
    var unknown = wanted.Where(w => catalog.All(s => s.Name != w)).ToList();
    if (unknown.Count > 0)
    {
        Console.Error.WriteLine($"unknown scenario(s): {string.Join(", ", unknown)}; --list shows them");
        return 2;
    }
    var concurrency = parse.GetValue(concurrencyOption);
    var duration = parse.GetValue(durationOption);
    var warmup = parse.GetValue(warmupOption);
    var maxWarmup = Math.Max(warmup, parse.GetValue(maxWarmupOption));
    if (concurrency < 1 || duration < 1 || warmup < 0 || parse.GetValue(lookupRecordsOption) < 1 || parse.GetValue(residentsOption) < 1)
    {
        Console.Error.WriteLine("--concurrency, --duration, --lookup-records and --federation-residents must be at least 1, --warmup at least 0");
        return 2;
    }
    var selected = catalog.Where(s => s.Name == "noop" || wanted.Length == 0 || wanted.Contains(s.Name)).ToList();

    await using var hub = parse.GetValue(urlOption) is null
        ? await InProcessHub.StartAsync(parse.GetValue(hubSettingOption) ?? [])
        : null;
    var address = parse.GetValue(urlOption) ?? hub!.Address;
    var connections = Math.Max(1, parse.GetValue(connectionsOption));
    var apiKey = hub?.ApiKey ?? parse.GetValue(apiKeyOption) ?? Environment.GetEnvironmentVariable("HUB_API_KEY");
    using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = new CallerHeaders(apiKey, "benchmark", new ConnectionSpread(connections)) });
    federation.ApiKey = apiKey ?? "";

    Console.WriteLine($"hub {address} ({(hub is null ? "external" : "in-process")}); {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
    Console.WriteLine($"client: {connections} HTTP/2 connection(s); server GC {System.Runtime.GCSettings.IsServerGC}");
    Console.WriteLine($"concurrency {concurrency}, warm-up {warmup} s (longer while throughput still rises, up to {maxWarmup} s), measured {duration} s per scenario");
    Console.WriteLine();
    Console.WriteLine($"{"scenario",-24} {"calls",10} {"calls/s",10} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"errors",7} {"vs noop",8} {"warm s",7} {"cpu us/call",11} {"KB/call",8}");

    double? baseline = null;
    var failed = false;
    var p99 = new Dictionary<string, double>(StringComparer.Ordinal);
    foreach (var scenario in selected)
    {
        var setupClock = System.Diagnostics.Stopwatch.StartNew();
        await scenario.SetupAsync(channel, cancellationToken);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scenario.Name}: set up in {setupClock.Elapsed.TotalSeconds:0.0} s, warming up"));
        var r = await BenchRunner.RunAsync(scenario, concurrency, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(duration), cancellationToken,
            TimeSpan.FromSeconds(maxWarmup));
        baseline ??= r.CallsPerSecond;
        var ratio = baseline > 0 ? r.CallsPerSecond / baseline.Value : 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{r.Scenario,-24} {r.Calls,10} {r.CallsPerSecond,10:0} {r.P50Ms,8:0.000} {r.P99Ms,8:0.000} {r.MaxMs,8:0.0} {r.Errors,7} {ratio,8:P0} {r.Warmup.TotalSeconds,7:0} {r.CpuMicrosecondsPerCall,11:0.0} {r.AllocatedKilobytesPerCall,8:0.00}"));
        p99[r.Scenario] = r.P99Ms;
        if (r.FirstError is not null)
        {
            Console.WriteLine($"  first error: {r.FirstError}");
            failed = true;
        }
        if (parse.GetValue(rateOption) is > 0 and var rate)
            failed |= await OpenLoopReport.RunAsync(scenario, rate, warmup, duration, cancellationToken);
    }
    if (selected.Count > 1)
    {
        // The baseline again, warm: measured first it may still run code the JIT has not finished
        // optimising, and every ratio above would then flatter its scenario.
        var again = await BenchRunner.RunAsync(selected[0], concurrency, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(duration),
            cancellationToken, TimeSpan.FromSeconds(maxWarmup));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{again.Scenario + " (again)",-24} {again.Calls,10} {again.CallsPerSecond,10:0} {again.P50Ms,8:0.000} {again.P99Ms,8:0.000} {again.MaxMs,8:0.0} {again.Errors,7} {again.CallsPerSecond / baseline!.Value,8:P0} {again.Warmup.TotalSeconds,7:0} {again.CpuMicrosecondsPerCall,11:0.0} {again.AllocatedKilobytesPerCall,8:0.00}"));
        if (again.CallsPerSecond > baseline * 1.05)
            Console.WriteLine("  the baseline ran faster the second time: read the ratios against this line");
    }
    // The federation targets, read off this run: the hub's cost over the slowest adapter, and a dead adapter's cost.
    if (p99.TryGetValue("adapters-direct", out var direct))
    {
        if (p99.TryGetValue("resident-view", out var view))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nclosed loop, {concurrency} callers: hub over the slowest adapter at p99: {view - direct:+0.000;-0.000} ms (target <= 3 ms)"));
        // The floor under that: one more gRPC call in series, with no work behind it, costs this much on its own here.
        if (p99.TryGetValue("hop-then-adapters", out var hop))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"closed loop, {concurrency} callers: one more gRPC hop alone (noop, then the adapters): {hop - direct:+0.000;-0.000} ms at p99"));
    }
    if (p99.TryGetValue("resident-view", out var healthy) && p99.TryGetValue("resident-view-dead", out var dead))
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"closed loop, {concurrency} callers: one adapter dead, breaker open, p99 change: {dead - healthy:+0.000;-0.000} ms (target <= 1 ms)"));
    OpenLoopReport.PrintTargets();
    foreach (var disposable in catalog.OfType<IAsyncDisposable>())
        await disposable.DisposeAsync();
    return failed ? 1 : 0;
});

return await root.Parse(args).InvokeAsync();
