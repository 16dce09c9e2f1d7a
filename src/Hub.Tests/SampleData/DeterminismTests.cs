using Hub.SampleData;

namespace Hub.Tests.SampleData;

/// <summary>The same seed gives the same files; another seed gives others; the files read back.</summary>
public sealed class DeterminismTests
{
    [Fact]
    public void Generate_SameSeed_SameTruthAndRecords()
    {
        var options = new GeneratorOptions { Residents = 3_000, Seed = 11 };

        Assert.Equal(Render(new PopulationGenerator(options).Generate()), Render(new PopulationGenerator(options).Generate()));
    }

    [Fact]
    public void Generate_DifferentSeed_DifferentOutput()
    {
        var a = new PopulationGenerator(new GeneratorOptions { Residents = 3_000, Seed = 11 }).Generate();
        var b = new PopulationGenerator(new GeneratorOptions { Residents = 3_000, Seed = 12 }).Generate();

        Assert.NotEqual(Render(a), Render(b));
        Assert.NotEqual(a.People.Select(p => p.IdNumber), b.People.Select(p => p.IdNumber));
    }

    [Fact]
    public void TruthFile_Write_HeaderAndOneLinePerRecord()
    {
        var population = new PopulationGenerator(new GeneratorOptions { Residents = 500 }).Generate();
        var writer = new StringWriter();

        TruthFile.Write(writer, population);

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("department,local_id,person_id", lines[0]);
        Assert.Equal(population.Records.Count + 1, lines.Length);
        var first = population.Records[0];
        Assert.Equal($"{first.Department},{first.LocalId},{first.PersonId}", lines[1]);
    }

    [Fact]
    public void PersonRecordJsonLines_WriteThenRead_SameMessages()
    {
        var population = new PopulationGenerator(new GeneratorOptions { Residents = 5_000 }).Generate();
        var writer = new StringWriter();

        var count = PersonRecordJsonLines.Write(writer, population, Departments.Grid);

        var read = PersonRecordJsonLines.Read(new StringReader(writer.ToString())).ToList();
        var expected = population.RecordsOf(Departments.Grid).Select(r => r.ToPersonRecord()).ToList();
        Assert.Equal(expected.Count, count);
        Assert.Equal(expected, read);
    }

    private static string Render(Population population)
    {
        var writer = new StringWriter();
        TruthFile.Write(writer, population);
        foreach (var department in Departments.All)
            PersonRecordJsonLines.Write(writer, population, department);
        return writer.ToString();
    }
}
