using System.Text;

namespace Hub.Dictionaries;

/// <summary>One CSV record with the 1-based line it starts on.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// A small RFC 4180 reader and writer: comma-separated, fields optionally in double quotes,
/// a doubled quote inside quotes, CRLF or LF line ends, quoted fields may span lines.
/// </summary>
public static class CsvRecords
{
    /// <summary>Splits <paramref name="text"/> into records; a record that is one empty field (a blank line) is skipped.</summary>
    /// <exception cref="FormatException">A quote is left open or text follows a closing quote; the message names the line.</exception>
    public static IEnumerable<CsvRecord> Read(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, recordLine = 1, i = 0;
        var quoted = false;
        while (i <= text.Length)
        {
            var end = i == text.Length;
            var c = end ? '\n' : text[i];
            if (quoted && !end)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                if (c == '"')
                {
                    quoted = false;
                    i++;
                    if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                        throw new FormatException($"line {line}: text after a closing quote");
                    continue;
                }
                if (c == '\n') line++;
                field.Append(c);
                i++;
                continue;
            }
            if (quoted)
                throw new FormatException($"line {recordLine}: a quoted field is not closed");
            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\n' or '\r':
                    fields.Add(field.ToString());
                    field.Clear();
                    if (!(fields.Count == 1 && fields[0].Length == 0))
                        yield return new CsvRecord(recordLine, fields.ToArray());
                    fields.Clear();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
            i++;
        }
    }

    /// <summary>Writes one record, quoting fields that hold a comma, a quote or a line break.</summary>
    public static void Write(StringBuilder output, params string[] fields)
    {
        for (var f = 0; f < fields.Length; f++)
        {
            if (f > 0) output.Append(',');
            var value = fields[f];
            if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
                output.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            else
                output.Append(value);
        }
        output.Append("\r\n");
    }
}
