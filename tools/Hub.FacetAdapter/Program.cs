using System.Globalization;
using Hub.FacetAdapter;

// hub-facet-adapter --department D --adapter-id ID --db FILE [--urls URL] [--hub URL] [--api-key K]
//                   [--require-key K] [--deny-purpose P]... [--delay-ms N]
// Prints "listening on URL" once it serves (and has registered with the hub, when one is given).
var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
for (var i = 0; i < args.Length; i++)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"unexpected argument '{args[i]}'");
        return 2;
    }
    if (!values.TryGetValue(args[i], out var list))
        values[args[i]] = list = [];
    list.Add(args[++i]);
}
string? One(string name) => values.TryGetValue(name, out var v) ? v[^1] : null;
string[] known = ["--department", "--adapter-id", "--db", "--urls", "--hub", "--api-key", "--require-key", "--deny-purpose", "--delay-ms"];
var unknown = values.Keys.Except(known).ToList();
if (unknown.Count > 0 || One("--department") is null || One("--adapter-id") is null || One("--db") is null)
{
    Console.Error.WriteLine($"usage: hub-facet-adapter {string.Join(' ', known.Select(k => k + " ..."))} (--department, --adapter-id and --db are required)");
    return 2;
}
var settings = new AdapterSettings
{
    Department = One("--department")!, AdapterId = One("--adapter-id")!, Database = One("--db")!,
    Url = One("--urls") ?? "http://127.0.0.1:0", HubUrl = One("--hub"), ApiKey = One("--api-key") ?? "", RequiredKey = One("--require-key") ?? "",
    DeniedPurposes = values.GetValueOrDefault("--deny-purpose") ?? [],
    Delay = TimeSpan.FromMilliseconds(int.Parse(One("--delay-ms") ?? "0", CultureInfo.InvariantCulture)),
};
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
await using var host = await FacetAdapterHost.StartAsync(settings, stop.Token);
Console.WriteLine($"listening on {host.Address}");
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}
return 0;
