using Hub.Addresses;

namespace Hub.Tests.Addresses;

/// <summary>The issue's correctness targets, checked on the whole labelled set.</summary>
public class LabelledSetTests
{
    private static readonly Lazy<(IReadOnlyList<LabelledAddress> Rows, LabelledSetReport Report)> Run = new(() =>
    {
        var rows = LabelledSet.Load(Path.Combine(AppContext.BaseDirectory, "Addresses", LabelledSet.FileName));
        return (rows, LabelledSet.Evaluate(AddressParser.Shared, rows));
    });

    [Fact]
    public void Load_LabelledSet_CoversQuzhouAndElsewhere()
    {
        var rows = Run.Value.Rows;
        Assert.True(rows.Count >= 320, $"{rows.Count} rows");
        foreach (var county in new[] { "330802", "330803", "330822", "330824", "330825", "330881" })
            Assert.True(rows.Count(r => r.County6 == county) >= 30, county);
        Assert.True(rows.Count(r => r.County6.Length > 0 && !r.County6.StartsWith("3308", StringComparison.Ordinal)) >= 60);
        Assert.True(rows.Count(r => r.County6.Length == 0) >= 10);
    }

    [Fact]
    public void Evaluate_LabelledSet_TownshipAccuracyAtLeast97Percent()
    {
        var report = Run.Value.Report;
        Assert.True(report.Accuracy("township") >= 0.97,
            $"township accuracy {report.Accuracy("township"):P1}; failures:\n" + string.Join("\n", report.TownshipFailures));
    }

    [Fact]
    public void Evaluate_LabelledSet_NoWrongOrGuessedCounty()
    {
        var report = Run.Value.Report;
        Assert.True(report.WrongCounties.Count == 0, "wrong counties:\n" + string.Join("\n", report.WrongCounties));
        Assert.True(report.GuessedCounties.Count == 0, "guessed counties:\n" + string.Join("\n", report.GuessedCounties));
    }
}
