using System.Diagnostics;
using Hub.Addresses;
using Hub.Tests.Addresses;

// Usage: dotnet run -c Release --project tools/Hub.AddressBench -- [labelled.tsv ...] [--seconds N (at least 3)] [--failures]
// Without paths it scores both shipped sets (generated and hand-written) separately, then measures
// throughput over all their rows together.
var paths = new List<string>();
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
            paths.Add(args[i]);
            break;
    }
}
if (paths.Count == 0)
    paths.AddRange(LabelledSet.FileNames.Select(LabelledSet.Locate));

var loadClock = Stopwatch.StartNew();
var catalog = DivisionCatalog.Load();
loadClock.Stop();
var parser = new AddressParser(catalog);
Console.WriteLine($"catalog load   {loadClock.Elapsed.TotalMilliseconds:F0} ms ({catalog.All.Count} divisions)");

var wrongCounties = 0;
var allTexts = new List<string>();
foreach (var path in paths)
{
    var rows = LabelledSet.Load(path);
    allTexts.AddRange(rows.Select(r => r.Text));
    var report = LabelledSet.Evaluate(parser, rows);
    wrongCounties += report.WrongCounties.Count;
    Console.WriteLine();
    Console.WriteLine($"labelled set   {Path.GetFileName(path)} ({rows.Count} addresses)");
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
}

// Throughput: one thread, all the sets' addresses over and over.
var texts = allTexts.ToArray();
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
Console.WriteLine($"throughput     {parsed / clock.Elapsed.TotalSeconds:N0} addresses/s on one thread over {texts.Length} addresses ({parsed:N0} in {clock.Elapsed.TotalSeconds:F1} s, {clock.Elapsed.TotalMilliseconds * 1000 / parsed:F1} µs each; checksum {sink})");
return wrongCounties == 0 ? 0 : 1;
