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

var postgresOption = new Option<string>("--postgres")
{
    Description = "PostgreSQL connection string for the social-security database (created or emptied), e.g. \"Host=127.0.0.1;Port=5433;Username=postgres;Database=social_security\". Without it social security goes to SQLite too.",
};
var legacy = new Command("legacy",
    "Generate a population and create the four departments' legacy databases with their own schemas and code tables, " +
    "the sample adapter configurations, the code mappings (mappings/*.csv) and truth.csv.")
{
    residentsOption, seedOption, outOption, postgresOption,
};
legacy.SetAction(parse =>
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
    var dir = parse.GetValue(outOption)!;
    var clock = Stopwatch.StartNew();
    var population = new PopulationGenerator(options).Generate();
    dir.Create();
    using (var truth = new StreamWriter(Path.Combine(dir.FullName, "truth.csv"), false, new UTF8Encoding(false), 1 << 16))
        TruthFile.Write(truth, population);
    var postgres = parse.GetValue(postgresOption);
    foreach (var department in Departments.All)
    {
        var target = department == Departments.SocialSecurity && !string.IsNullOrEmpty(postgres)
            ? new LegacyTarget(Hub.Adapters.Sql.SqlProvider.PostgreSql, postgres)
            : new LegacyTarget(Hub.Adapters.Sql.SqlProvider.Sqlite, $"Data Source={Path.Combine(dir.FullName, department + ".db")}");
        var rows = LegacyDatabases.Write(population, department, target);
        Console.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0}s  {department,-16} {rows,9:N0} rows  ({target.Provider})");
    }
    var mappings = MappingFiles.Write(Path.Combine(dir.FullName, "mappings"), population);
    SampleAdapterFiles.Copy(dir.FullName, postgres is { Length: > 0 });
    Console.WriteLine($"wrote {dir.FullName}: the databases, adapter configurations, truth.csv and mappings/ ({mappings.Count} files)");
    return 0;
});

var root = new RootCommand("Hub sample data: a seeded population of Quzhou residents and the records four departments hold about them.")
{
    generate, legacy,
};
return await root.Parse(args).InvokeAsync();
