using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Hub.Adapters.Sql;

/// <summary>Reads columns of a result row as text and applies a field's transforms.</summary>
internal static class ValueReader
{
    /// <summary>Ordinals of a result's columns by name, case-insensitive (PostgreSQL folds names to lower case).</summary>
    public static Dictionary<string, int> Ordinals(DbDataReader reader)
    {
        var map = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < reader.FieldCount; i++)
            map.TryAdd(reader.GetName(i), i);
        return map;
    }

    /// <summary>The ordinal of <paramref name="column"/>, or an error naming where the mapping asks for it.</summary>
    public static int Require(Dictionary<string, int> ordinals, string column, MappingLocation location) =>
        ordinals.TryGetValue(column, out var i)
            ? i
            : throw location.Error($"column '{column}' is not in the query's result (it has {string.Join(", ", ordinals.Keys)})");

    /// <summary>A column as text: empty for NULL, dates as yyyy-MM-dd, times as ISO 8601.</summary>
    public static string Text(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
            return "";
        return reader.GetValue(ordinal) switch
        {
            DateTime d when d.TimeOfDay == TimeSpan.Zero => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var v => v.ToString() ?? "",
        };
    }

    /// <summary>A mapped field's value: its columns joined by <paramref name="separator"/>, then transformed.</summary>
    public static string Field(DbDataReader reader, IReadOnlyList<int> ordinals, string separator, IReadOnlyList<Transform> transforms)
    {
        string value;
        if (ordinals.Count == 1)
            value = Text(reader, ordinals[0]);
        else
        {
            var parts = new List<string>(ordinals.Count);
            foreach (var o in ordinals)
                if (Text(reader, o) is { Length: > 0 } part)
                    parts.Add(part);
            value = string.Join(separator, parts);
        }
        return Apply(value, transforms);
    }

    /// <summary>Applies transforms in order. A date that fits none of its formats is passed on as written (the hub reads many forms, and flags the rest).</summary>
    public static string Apply(string value, IReadOnlyList<Transform> transforms)
    {
        foreach (var t in transforms)
        {
            value = t.Name switch
            {
                "trim" => value.Trim(),
                "upper" => value.ToUpperInvariant(),
                "lower" => value.ToLowerInvariant(),
                "digits" => Digits(value),
                "date" => Date(value, t.Formats),
                _ => value,
            };
        }
        return value;
    }

    private static string Digits(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
            if (char.IsAsciiDigit(c))
                sb.Append(c);
        return sb.ToString();
    }

    private static string Date(string value, IReadOnlyList<string> formats)
    {
        var trimmed = value.Trim();
        foreach (var format in formats)
            if (DateTime.TryParseExact(trimmed, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                return d.ToString(format.Contains('d') ? "yyyy-MM-dd" : "yyyy-MM", CultureInfo.InvariantCulture);
        return value;
    }
}
