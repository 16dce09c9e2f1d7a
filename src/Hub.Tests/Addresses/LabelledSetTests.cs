using Hub.Addresses;

namespace Hub.Tests.Addresses;

/// <summary>The issue's correctness targets, checked on each whole labelled set: the generated one and the hand-written one.</summary>
public class LabelledSetTests
{
    private static readonly string[] QuzhouCounties = ["330802", "330803", "330822", "330824", "330825", "330881"];

    private static readonly Dictionary<string, Lazy<(IReadOnlyList<LabelledAddress> Rows, LabelledSetReport Report)>> Runs =
        LabelledSet.FileNames.ToDictionary(f => f, f => new Lazy<(IReadOnlyList<LabelledAddress>, LabelledSetReport)>(() =>
        {
            var rows = LabelledSet.Load(LabelledSet.Locate(f));
            return (rows, LabelledSet.Evaluate(AddressParser.Shared, rows));
        }));

    /// <summary>The file names of both sets, for the theories.</summary>
    public static TheoryData<string> Sets => new(LabelledSet.FileNames);

    [Fact]
    public void Load_LabelledSet_CoversQuzhouAndElsewhere()
    {
        var rows = Runs[LabelledSet.FileName].Value.Rows;
        Assert.True(rows.Count >= 320, $"{rows.Count} rows");
        foreach (var county in QuzhouCounties)
            Assert.True(rows.Count(r => r.County6 == county) >= 30, county);
        Assert.True(rows.Count(r => r.County6.Length > 0 && !r.County6.StartsWith("3308", StringComparison.Ordinal)) >= 60);
        Assert.True(rows.Count(r => r.County6.Length == 0) >= 10);
    }

    [Fact]
    public void Load_HandwrittenSet_CoversQuzhouAndElsewhere()
    {
        var rows = Runs[LabelledSet.HandwrittenFileName].Value.Rows;
        Assert.True(rows.Count >= 200, $"{rows.Count} rows");
        foreach (var county in QuzhouCounties)
            Assert.True(rows.Count(r => r.County6 == county) >= 25, county);
        Assert.True(rows.Count(r => r.County6.Length > 0 && !r.County6.StartsWith("3308", StringComparison.Ordinal)) >= 35);
        Assert.True(rows.Count(r => r.County6.Length == 0) >= 10);
        Assert.All(rows, r => Assert.False(string.IsNullOrWhiteSpace(r.Style), r.Text));
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Evaluate_LabelledSet_TownshipAccuracyAtLeast97Percent(string set)
    {
        var report = Runs[set].Value.Report;
        Assert.True(report.Accuracy("township") >= 0.97,
            $"{set}: township accuracy {report.Accuracy("township"):P1}; failures:\n" + string.Join("\n", report.TownshipFailures));
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Evaluate_LabelledSet_NoWrongOrGuessedCounty(string set)
    {
        var report = Runs[set].Value.Report;
        Assert.True(report.WrongCounties.Count == 0, $"{set}: wrong counties:\n" + string.Join("\n", report.WrongCounties));
        Assert.True(report.GuessedCounties.Count == 0, $"{set}: guessed counties:\n" + string.Join("\n", report.GuessedCounties));
    }
}
