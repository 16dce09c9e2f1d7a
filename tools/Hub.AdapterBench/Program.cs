using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Hub.Adapters.Sql;
using Hub.Contracts.V1;
using Hub.SampleData;

// Initial sync of the four sample departments through adapter host processes into a hub process on
// loopback: rows per second in total, and the CPU time of the hub and of the adapters read from the
// processes. Usage: hub-adapter-bench [--residents N | --per-department N] [--keep]
// --per-department N sizes the population and the departments' coverage so that each department holds about N rows
// (the issue's target is 200,000 per department; with the default coverage civil affairs holds only ~8 % of the residents).
var residents = Arg("--residents", 200_000);
var perDepartment = Arg("--per-department", 0);
var root = FindRoot();
var work = Path.Combine(Path.GetTempPath(), "hub-adapter-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(work);
var processes = new List<(string Name, Process Process)>();
PrivatePostgres? postgres = null;
try
{
    Console.WriteLine($"generating {residents:N0} residents and the legacy databases in {work}");
    var options = perDepartment > 0 ? Sized(perDepartment) : new GeneratorOptions { Residents = residents, Seed = 42 };
    var population = new PopulationGenerator(options).Generate();
    postgres = PrivatePostgres.BinaryFolder() is null ? null : PrivatePostgres.Start();
    var rows = new Dictionary<string, int>();
    foreach (var department in Departments.All)
    {
        var target = department == Departments.SocialSecurity && postgres is not null
            ? new LegacyTarget(SqlProvider.PostgreSql, postgres.ConnectionString("social_security"))
            : new LegacyTarget(SqlProvider.Sqlite, $"Data Source={Path.Combine(work, department + ".db")};Pooling=false");
        rows[department] = LegacyDatabases.Write(population, department, target);
        Console.WriteLine($"  {department,-16} {rows[department],9:N0} rows ({target.Provider})");
    }
    MappingFiles.Write(Path.Combine(work, "mappings"), population);
    SampleAdapterFiles.Copy(work, postgres is not null);

    var hubUrl = "http://127.0.0.1:" + FreePort();
    processes.Add(("hub", Start(Path.Combine(root, "src/Hub/bin/Release/net10.0/Hub.dll"),
        ["--urls", hubUrl, $"--Hub:DataDirectory={Path.Combine(work, "hub")}", "--Hub:Logging:MinimumLevel=Warning"], null)));
    // A fresh hub writes its first admin key into its data folder; the bench and (for simplicity) the
    // adapters use it. The hub refuses calls without a key.
    var keyFile = Path.Combine(work, "hub", "admin.key");
    for (var i = 0; i < 1500 && !File.Exists(keyFile); i++)
        await Task.Delay(20);
    var apiKey = (await File.ReadAllTextAsync(keyFile)).Trim();
    using var channel = GrpcChannel.ForAddress(hubUrl, new GrpcChannelOptions
    {
        Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", "Bearer " + apiKey);
            return Task.CompletedTask;
        })),
        UnsafeUseInsecureChannelCallCredentials = true,
    });
    await WaitForHubAsync(channel);
    var dictionaries = new DictionaryService.DictionaryServiceClient(channel);
    foreach (var file in Directory.GetFiles(Path.Combine(work, "mappings")))
    {
        var parts = Path.GetFileNameWithoutExtension(file).Split('.');
        await dictionaries.ImportMappingsAsync(new ImportMappingsRequest
        {
            Department = parts[0], Dictionary = parts[1], CsvContent = ByteString.CopyFrom(await File.ReadAllBytesAsync(file)),
        });
    }

    // The hub's start-up (JIT, reference data, mapping import) is not sync work: its CPU until now is reported apart.
    processes[0].Process.Refresh();
    var hubCpuBefore = processes[0].Process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    var environment = postgres is null ? null : new Dictionary<string, string> { ["SOCIAL_SECURITY_PG"] = postgres.ConnectionString("social_security") };
    foreach (var department in Departments.All)
        processes.Add((department, Start(Path.Combine(root, "src/Adapters/Hub.Adapters.Host/bin/Release/net10.0/hub-adapter.dll"),
            ["--config", Path.Combine(work, department + ".json"), $"--Adapter:Hub={hubUrl}", "--Adapter:Listen=http://127.0.0.1:0",
             "--Adapter:PollInterval=00:00:00.200", "--Adapter:LogLevel=Warning", $"--Adapter:ApiKey={apiKey}"], environment)));
    var registry = new AdapterRegistryService.AdapterRegistryServiceClient(channel);
    var total = rows.Values.Sum();
    long committed = 0;
    var lastReport = TimeSpan.Zero;
    // CPU once a fifth of the rows is in: the rest of the run gives the per-row cost without start-up and JIT warm-up.
    (long Rows, TimeSpan Hub, TimeSpan Adapters)? warm = null;
    while (committed < total)
    {
        await Task.Delay(200);
        var list = await registry.ListAdaptersAsync(new ListAdaptersRequest());
        committed = list.Adapters.Sum(a => a.LastCommittedSequence);
        if (warm is null && committed >= total / 5)
            warm = (committed, Cpu(processes.Take(1)), Cpu(processes.Skip(1)));
        if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(5))
        {
            lastReport = clock.Elapsed;
            Console.WriteLine($"  {clock.Elapsed.TotalSeconds,6:0.0} s  {committed,9:N0} of {total:N0} committed  ({committed / clock.Elapsed.TotalSeconds:N0} rows/s)");
        }
        if (processes.FirstOrDefault(p => p.Process.HasExited) is { Process: not null } dead)
            throw new InvalidOperationException($"{dead.Name} exited with code {dead.Process.ExitCode}");
    }
    var elapsed = clock.Elapsed;
    Console.WriteLine();
    Console.WriteLine($"initial sync: {total:N0} rows in {elapsed.TotalSeconds:0.0} s = {total / elapsed.TotalSeconds:N0} rows/s in total");
    foreach (var (name, process) in processes)
    {
        process.Refresh();
        Console.WriteLine($"  cpu {name,-16} {process.TotalProcessorTime.TotalSeconds,7:0.0} s");
    }
    var hubSync = processes[0].Process.TotalProcessorTime - hubCpuBefore;
    Console.WriteLine($"  cpu hub during sync     {hubSync.TotalSeconds:0.0} s = {hubSync.TotalMilliseconds / total:0.000} ms per row (start-up {hubCpuBefore.TotalSeconds:0.0} s)");
    var adapterCpu = Cpu(processes.Skip(1));
    Console.WriteLine($"  cpu adapters total   {adapterCpu.TotalSeconds,7:0.0} s = {adapterCpu.TotalMilliseconds / total:0.000} ms per row (with their start-up)");
    if (warm is { } w && total > w.Rows)
    {
        var (hubRest, adaptersRest) = (Cpu(processes.Take(1)) - w.Hub, adapterCpu - w.Adapters);
        Console.WriteLine($"  after the first {w.Rows:N0} rows: hub {hubRest.TotalMilliseconds / (total - w.Rows):0.000} ms per row, "
            + $"adapters {adaptersRest.TotalMilliseconds / (total - w.Rows):0.000} ms per row");
    }
    Console.WriteLine($"  machine: {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Trim()}");
    return 0;
}
finally
{
    // Adapters first, so they do not log the hub going away.
    foreach (var (_, process) in Enumerable.Reverse(processes))
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
        process.Dispose();
    }
    postgres?.Dispose();
    if (Environment.GetCommandLineArgs().Contains("--keep"))
        Console.WriteLine($"kept {work}");
    else
        Directory.Delete(work, recursive: true);
}

static TimeSpan Cpu(IEnumerable<(string Name, Process Process)> of) =>
    of.Aggregate(TimeSpan.Zero, (sum, p) =>
    {
        p.Process.Refresh();
        return sum + p.Process.TotalProcessorTime;
    });

// Residents and coverage for about n rows in each department. Social security holds only adults aged 18-75, whose
// share of the population a small pilot measures; the others take a share of a population sized for it.
static GeneratorOptions Sized(int n)
{
    var pilot = new PopulationGenerator(new GeneratorOptions { Residents = 20_000, Seed = 42, SocialSecurityAdultShare = 1 }).Generate();
    var adults = (double)pilot.Records.Count(r => r.Department == Departments.SocialSecurity) / 20_000;
    var residents = (int)Math.Ceiling(n / adults * 1.01);
    var share = Math.Min(1, (double)n / residents);
    return new GeneratorOptions
    {
        Residents = residents, Seed = 42, HouseholdCoverage = share, CivilAffairsHouseholdShare = share,
        SocialSecurityAdultShare = Math.Min(1, n / (adults * residents)), GridHouseholdShare = 1, GridMemberShare = share,
    };
}

int Arg(string name, int fallback)
{
    var args = Environment.GetCommandLineArgs();
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hub.sln")))
        dir = dir.Parent;
    return dir?.FullName ?? throw new InvalidOperationException("run from the repository (Hub.sln not found above the tool)");
}

static Process Start(string dll, string[] args, Dictionary<string, string>? environment)
{
    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = false, RedirectStandardError = false };
    start.ArgumentList.Add(dll);
    foreach (var a in args)
        start.ArgumentList.Add(a);
    foreach (var (k, v) in environment ?? [])
        start.Environment[k] = v;
    return Process.Start(start) ?? throw new InvalidOperationException($"{dll} did not start");
}

static async Task WaitForHubAsync(GrpcChannel channel)
{
    var client = new DictionaryService.DictionaryServiceClient(channel);
    for (var i = 0; ; i++)
    {
        try
        {
            await client.ListDictionariesAsync(new ListDictionariesRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
            return;
        }
        catch (Grpc.Core.RpcException) when (i < 300)
        {
            await Task.Delay(200);
        }
    }
}

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}
