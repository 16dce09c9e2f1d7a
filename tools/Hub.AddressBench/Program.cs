using System.Diagnostics;
using Hub.Addresses;
using Hub.Tests.Addresses;

// Usage: dotnet run -c Release --project tools/Hub.AddressBench -- [labelled.tsv] [--seconds N (at least 3)] [--failures]
string? path = null;
var seconds = 3.0;
var showFailures = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seconds" when i + 1 < args.Length:
            seconds = Math.Max(3.0, double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture));
            break;
        case "--failures":
            showFailures = true;
            break;
        default:
            path = args[i];
            break;
    }
}
path ??= FindDefaultSet();

var loadClock = Stopwatch.StartNew();
var catalog = DivisionCatalog.Load();
loadClock.Stop();
var parser = new AddressParser(catalog);
var rows = LabelledSet.Load(path);
Console.WriteLine($"labelled set   {path} ({rows.Count} addresses)");
Console.WriteLine($"catalog load   {loadClock.Elapsed.TotalMilliseconds:F0} ms ({catalog.All.Count} divisions)");

var report = LabelledSet.Evaluate(parser, rows);
Console.WriteLine();
Console.WriteLine("component      correct   accuracy");
foreach (var component in LabelledSetReport.Components)
    Console.WriteLine($"{component,-13} {report.Correct[component],4}/{report.Total,-4} {report.Accuracy(component),8:P1}");
Console.WriteLine($"wrong counties {report.WrongCounties.Count} (expected county, another came out)");
Console.WriteLine($"guessed        {report.GuessedCounties.Count} (text does not determine the county, one came out)");
foreach (var line in report.WrongCounties.Concat(report.GuessedCounties))
    Console.WriteLine("  ! " + line);
if (showFailures)
{
    foreach (var line in report.TownshipFailures)
        Console.WriteLine("  T " + line);
    foreach (var line in report.ComponentFailures)
        Console.WriteLine("  C " + line);
}

// Throughput: one thread, the labelled set over and over.
var texts = rows.Select(r => r.Text).ToArray();
var sink = 0;
var warmup = Stopwatch.StartNew();
while (warmup.Elapsed.TotalSeconds < 1)
    foreach (var t in texts)
        sink += parser.Parse(t).NormalizedKey.Length;
var clock = Stopwatch.StartNew();
long parsed = 0;
while (clock.Elapsed.TotalSeconds < seconds)
{
    foreach (var t in texts)
        sink += parser.Parse(t).NormalizedKey.Length;
    parsed += texts.Length;
}
clock.Stop();
Console.WriteLine();
Console.WriteLine($"throughput     {parsed / clock.Elapsed.TotalSeconds:N0} addresses/s on one thread ({parsed:N0} in {clock.Elapsed.TotalSeconds:F1} s, {clock.Elapsed.TotalMilliseconds * 1000 / parsed:F1} µs each; checksum {sink})");
return report.WrongCounties.Count == 0 ? 0 : 1;

static string FindDefaultSet()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "src", "Hub.Tests", "Addresses", LabelledSet.FileName);
        if (File.Exists(candidate))
            return candidate;
    }
    throw new FileNotFoundException("Pass the path of labelled_addresses.tsv; it was not found above " + AppContext.BaseDirectory);
}
