using Hub.Addresses;

namespace Hub.Tests.Addresses;

/// <summary>One row of labelled_addresses.tsv: an address and what it must parse to.</summary>
public sealed record LabelledAddress(
    string Text, string County6, string Township9, string Village12,
    string Road, string RoadNumber, string Building, string Unit, string Room, string Style);

/// <summary>How a parser did on the labelled set, per component.</summary>
public sealed class LabelledSetReport
{
    /// <summary>Components scored, in print order.</summary>
    public static readonly string[] Components = ["county", "township", "village", "road", "road_number", "building", "unit", "room"];

    /// <summary>Rows scored.</summary>
    public int Total { get; set; }

    /// <summary>Correct rows per component (the township score requires the county to be right too).</summary>
    public Dictionary<string, int> Correct { get; } = Components.ToDictionary(c => c, _ => 0);

    /// <summary>Rows where a county was expected and a different one came out.</summary>
    public List<string> WrongCounties { get; } = [];

    /// <summary>Rows where the text does not determine a county and one came out anyway.</summary>
    public List<string> GuessedCounties { get; } = [];

    /// <summary>Rows whose county or township is wrong, with what came out.</summary>
    public List<string> TownshipFailures { get; } = [];

    /// <summary>Rows with any other component wrong.</summary>
    public List<string> ComponentFailures { get; } = [];

    /// <summary>Share of rows right for <paramref name="component"/>, 0 to 1.</summary>
    public double Accuracy(string component) => Total == 0 ? 0 : (double)Correct[component] / Total;
}

/// <summary>Loads and scores the labelled address set; shared by the tests and tools/Hub.AddressBench.</summary>
public static class LabelledSet
{
    /// <summary>The file name of the set, copied next to the test assembly under Addresses/.</summary>
    public const string FileName = "labelled_addresses.tsv";

    /// <summary>
    /// The file name of the second, hand-written set: addresses composed one by one the way staff and
    /// residents write them, with codes looked up in the reference tables, not generated from templates.
    /// </summary>
    public const string HandwrittenFileName = "labelled_addresses_handwritten.tsv";

    /// <summary>Both sets, in report order.</summary>
    public static readonly string[] FileNames = [FileName, HandwrittenFileName];

    /// <summary>
    /// Finds a set by file name: next to the running assembly under Addresses/ when copied there,
    /// otherwise in src/Hub.Tests/Addresses/ of the first directory above it that has one.
    /// </summary>
    public static string Locate(string fileName)
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "Addresses", fileName);
        if (File.Exists(copied))
            return copied;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Hub.Tests", "Addresses", fileName);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException($"{fileName} was found neither under Addresses/ next to the assembly nor in src/Hub.Tests/Addresses above {AppContext.BaseDirectory}");
    }

    /// <summary>Reads the set; the first line is a header naming the columns.</summary>
    public static IReadOnlyList<LabelledAddress> Load(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split('\t');
        int Col(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidDataException($"{path}: no column {name}");
        var (text, county, town, village) = (Col("text"), Col("county_code6"), Col("township_code9"), Col("village_code12"));
        var (road, number, building, unit, room) = (Col("road"), Col("road_number"), Col("building"), Col("unit"), Col("room"));
        var style = Array.IndexOf(header, "style");
        var rows = new List<LabelledAddress>(lines.Length);
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0)
                continue;
            var f = line.Split('\t');
            string At(int i) => i >= 0 && i < f.Length ? f[i] : string.Empty;
            rows.Add(new LabelledAddress(At(text), At(county), At(town), At(village), At(road), At(number),
                At(building), At(unit), At(room), At(style)));
        }
        return rows;
    }

    /// <summary>Parses every row and scores each component against its label.</summary>
    public static LabelledSetReport Evaluate(AddressParser parser, IReadOnlyList<LabelledAddress> rows)
    {
        var report = new LabelledSetReport { Total = rows.Count };
        foreach (var row in rows)
        {
            var parsed = parser.Parse(row.Text);
            var county = Prefix(parsed, DivisionLevel.County, 6);
            var town = Prefix(parsed, DivisionLevel.Township, 9);
            var village = Prefix(parsed, DivisionLevel.Village, 12);
            var got = $"{row.Text} -> county {county}, township {town}, village {village}, {parsed.Road}|{parsed.RoadNumber}|{parsed.Building}|{parsed.Unit}|{parsed.Room} (expected {row.County6}, {row.Township9}, {row.Village12}, {row.Road}|{row.RoadNumber}|{row.Building}|{row.Unit}|{row.Room}; unparsed '{parsed.Unparsed}')";

            var townshipRight = county == row.County6 && town == row.Township9;
            Score(report, "county", county == row.County6);
            Score(report, "township", townshipRight);
            Score(report, "village", village == row.Village12);
            var rest = Score(report, "road", parsed.Road == row.Road)
                & Score(report, "road_number", parsed.RoadNumber == row.RoadNumber)
                & Score(report, "building", parsed.Building == row.Building)
                & Score(report, "unit", parsed.Unit == row.Unit)
                & Score(report, "room", parsed.Room == row.Room);

            if (row.County6.Length > 0 && county.Length > 0 && county != row.County6)
                report.WrongCounties.Add(got);
            if (row.County6.Length == 0 && county.Length > 0)
                report.GuessedCounties.Add(got);
            if (!townshipRight)
                report.TownshipFailures.Add(got);
            else if (!rest || village != row.Village12)
                report.ComponentFailures.Add(got);
        }
        return report;
    }

    private static bool Score(LabelledSetReport report, string component, bool right)
    {
        if (right)
            report.Correct[component]++;
        return right;
    }

    private static string Prefix(ParsedAddress parsed, DivisionLevel level, int length) =>
        parsed.Level >= level ? parsed.DivisionCode[..length] : string.Empty;
}
