using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Hub.SampleData;

var residentsOption = new Option<int>("--residents", "-n") { Description = "Number of residents.", DefaultValueFactory = _ => 10_000 };
var seedOption = new Option<int>("--seed", "-s") { Description = "Seed; the same seed gives the same files.", DefaultValueFactory = _ => 42 };
var outOption = new Option<DirectoryInfo>("--out", "-o") { Description = "Output directory (created when missing).", DefaultValueFactory = _ => new DirectoryInfo("sample") };

var generate = new Command("generate", "Generate residents and department records; write truth.csv and one JSON-lines file of hub.v1.PersonRecord per department.")
{
    residentsOption, seedOption, outOption,
};
generate.SetAction(parse =>
{
    var options = new GeneratorOptions { Residents = parse.GetValue(residentsOption), Seed = parse.GetValue(seedOption) };
    try
    {
        options.Validate();
    }
    catch (ArgumentOutOfRangeException e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }
    var clock = Stopwatch.StartNew();
    var population = new PopulationGenerator(options).Generate(Console.WriteLine);
    var generated = clock.Elapsed;

    var dir = parse.GetValue(outOption)!;
    dir.Create();
    var utf8 = new UTF8Encoding(false);
    using (var truth = new StreamWriter(Path.Combine(dir.FullName, "truth.csv"), false, utf8, 1 << 16))
        TruthFile.Write(truth, population);
    foreach (var department in Departments.All)
    {
        using var writer = new StreamWriter(Path.Combine(dir.FullName, department + ".jsonl"), false, utf8, 1 << 16);
        PersonRecordJsonLines.Write(writer, population, department);
        Console.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0}s  wrote {department}.jsonl");
    }

    Console.WriteLine();
    Console.WriteLine($"seed {options.Seed}: {population.People.Count:N0} residents in {population.Households.Count:N0} households, " +
        $"{population.People.Count(p => p.TwinId != 0):N0} twins; generated in {generated.TotalSeconds:0.0} s, written in {(clock.Elapsed - generated).TotalSeconds:0.0} s");
    Console.WriteLine();
    Console.WriteLine($"{"department",-16} {"records",10}");
    foreach (var (department, count) in population.CountByDepartment())
        Console.WriteLine($"{department,-16} {count,10:N0}");
    Console.WriteLine($"{"total",-16} {population.Records.Count,10:N0}");
    Console.WriteLine();
    Console.WriteLine($"{"department",-16} {"injected",-18} {"records",10} {"share",7}");
    var perDepartment = population.CountByDepartment().ToDictionary(d => d.Department, d => d.Records);
    foreach (var (department, error, count) in population.CountByError())
        Console.WriteLine($"{department,-16} {error,-18} {count,10:N0} {(double)count / perDepartment[department],7:P1}");
    Console.WriteLine();
    Console.WriteLine($"wrote {dir.FullName}: truth.csv, {string.Join(", ", Departments.All.Select(d => d + ".jsonl"))}");
    return 0;
});

var root = new RootCommand("Hub sample data: a seeded population of Quzhou residents and the records four departments hold about them.")
{
    generate,
};
return await root.Parse(args).InvokeAsync();
