using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.Contracts.V1;

namespace Hub.Identity.Matching;

/// <summary>
/// Thresholds and per-level weights of identity matching, read from a versioned rules file
/// (the shipped <c>identity-rules.json</c>, or one named by <c>Hub:Identity:RulesFile</c>).
/// Every decision names the rules version it was made with.
/// </summary>
public sealed class MatchRules
{
    /// <summary>The compared fields, in the order explanations list them.</summary>
    public static readonly string[] Fields = ["id_number", "name", "birth_date", "sex", "phone", "address"];

    private readonly Dictionary<(string Field, ComparisonLevel Level), (double M, double U)> _levels;
    private readonly double[][] _weightTable;
    private readonly double _nameExactM;

    private MatchRules(RulesFile file)
    {
        Version = file.Version;
        LinkThreshold = file.LinkThreshold;
        ReviewThreshold = file.ReviewThreshold;
        NameFrequency = file.NameFrequency;
        Guards = file.Guards;
        _levels = [];
        foreach (var (field, levels) in file.Fields)
        {
            foreach (var (levelName, p) in levels)
            {
                var level = Enum.Parse<ComparisonLevel>(levelName.Replace("_", "", StringComparison.Ordinal), ignoreCase: true);
                if (p.M <= 0 || p.U <= 0 || p.M > 1 || p.U > 1)
                    throw new InvalidDataException($"identity rules {Version}: {field}.{levelName} needs 0 < m, u <= 1");
                _levels[(field, level)] = (p.M, p.U);
            }
        }
        // Each field's weight per level, looked up by position: Compare runs for every candidate of every record.
        var levelCount = Enum.GetValues<ComparisonLevel>().Max(l => (int)l) + 1;
        _weightTable = new double[Fields.Length][];
        _nameExactM = M("name", ComparisonLevel.Exact);
        for (var f = 0; f < Fields.Length; f++)
        {
            _weightTable[f] = new double[levelCount];
            foreach (var level in Enum.GetValues<ComparisonLevel>())
                _weightTable[f][(int)level] = Weight(Fields[f], level);
        }
        if (ReviewThreshold > LinkThreshold)
            throw new InvalidDataException($"identity rules {Version}: reviewThreshold is above linkThreshold");
    }

    /// <summary>Version of the rules file.</summary>
    public string Version { get; }

    /// <summary>Score at or above which a record links automatically.</summary>
    public double LinkThreshold { get; }

    /// <summary>Score at or above which (and below the link threshold) a record goes to review.</summary>
    public double ReviewThreshold { get; }

    /// <summary>How the name weight follows the name's frequency.</summary>
    public NameFrequencyRule NameFrequency { get; }

    /// <summary>Hard limits on automatic links.</summary>
    public GuardRules Guards { get; }

    /// <summary>The weight of a field at a level; 0 for MISSING and for levels the rules do not list.</summary>
    public double Weight(string field, ComparisonLevel level) =>
        _levels.TryGetValue((field, level), out var p) ? Math.Log2(p.M / p.U) : 0;

    /// <summary>The weight of the field at <paramref name="fieldIndex"/> in <see cref="Fields"/>; the same as <see cref="Weight(string, ComparisonLevel)"/>.</summary>
    internal double Weight(int fieldIndex, ComparisonLevel level) =>
        (uint)level < (uint)_weightTable[fieldIndex].Length ? _weightTable[fieldIndex][(int)level] : 0;

    /// <summary>The m-probability of an exact name, which the name's frequency divides.</summary>
    internal double NameExactM => _nameExactM;

    /// <summary>The m-probability of a level (share of true matches at it); 0 when the rules do not list it.</summary>
    public double M(string field, ComparisonLevel level) => _levels.TryGetValue((field, level), out var p) ? p.M : 0;

    /// <summary>The shipped rules.</summary>
    public static MatchRules Default => Shipped.Value;

    private static readonly Lazy<MatchRules> Shipped = new(() => Load(OpenShipped()));

    /// <summary>Reads rules from a JSON stream.</summary>
    public static MatchRules Load(Stream json) =>
        new(JsonSerializer.Deserialize<RulesFile>(json, JsonOptions) ?? throw new InvalidDataException("empty identity rules file"));

    private static Stream OpenShipped() =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream("Hub.Identity.identity-rules.json")
        ?? throw new InvalidOperationException("identity-rules.json is not embedded");

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    private sealed record RulesFile(string Version, double LinkThreshold, double ReviewThreshold, NameFrequencyRule NameFrequency,
        GuardRules Guards, Dictionary<string, Dictionary<string, Probabilities>> Fields);

    private sealed record Probabilities(double M, double U);
}

/// <summary>
/// The u-probability of an exactly agreeing name is its observed frequency, smoothed towards
/// <see cref="PriorU"/> with the weight of <see cref="PriorWeight"/> records: a common name is weak evidence, a rare one strong.
/// </summary>
public sealed record NameFrequencyRule(double PriorU, double PriorWeight, double MinU);

/// <summary>Guards that cap a decision at REVIEW whatever the score.</summary>
/// <param name="DifferentCompleteBirthDatesAtMostReview">The record and one of the resident's records carry complete, different birth dates.</param>
/// <param name="DifferentValidIdNumbersAtMostReview">The record and one of the resident's records carry valid, different ID numbers.</param>
/// <param name="DifferentNamesWithoutIdAtMostReview">The names differ and no ID number agrees.</param>
/// <param name="OneRecordPerDepartmentAtMostReview">
/// The resident already has another record of the record's department (a department holds one record per person; a
/// second one is a duplicate for a person to confirm, or someone else). Absent from a rules file: off.
/// </param>
public sealed record GuardRules(bool DifferentCompleteBirthDatesAtMostReview, bool DifferentValidIdNumbersAtMostReview,
    bool DifferentNamesWithoutIdAtMostReview, bool OneRecordPerDepartmentAtMostReview = false);
