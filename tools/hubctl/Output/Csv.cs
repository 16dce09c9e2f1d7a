namespace Hub.Ctl.Output;

/// <summary>RFC 4180 quoting for CSV fields.</summary>
public static class Csv
{
    /// <summary>The field as written in CSV: quoted when it holds a comma, quote or line break.</summary>
    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
