using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf;
using Spectre.Console;

namespace Hub.Ctl.Output;

/// <summary>Prints a list of protobuf messages on stdout as a table, a JSON array or CSV.</summary>
public static class Listing
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    // Readable Chinese in JSON instead of \uXXXX escapes; the output is data for scripts, not HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="items"/> in <paramref name="format"/>.</summary>
    public static void Write<T>(OutputFormat format, IReadOnlyList<T> items, IReadOnlyList<Column<T>> columns)
        where T : IMessage
    {
        switch (format)
        {
            case OutputFormat.Json:
                WriteJson(items);
                break;
            case OutputFormat.Csv:
                WriteCsv(items, columns);
                break;
            default:
                WriteTable(items, columns);
                break;
        }
    }

    /// <summary>A count with thousands separators, independent of the machine's culture.</summary>
    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static void WriteTable<T>(IReadOnlyList<T> items, IReadOnlyList<Column<T>> columns)
    {
        if (items.Count == 0)
        {
            Consoles.Out.WriteLine("(none)");
            return;
        }
        var table = Tables.Create([.. columns.Select(c => c.Header)]);
        foreach (var item in items)
            Tables.AddRow(table, [.. columns.Select(c => c.Value(item))]);
        Consoles.Out.Write(table);
    }

    private static void WriteJson<T>(IReadOnlyList<T> items) where T : IMessage
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                using var document = JsonDocument.Parse(Formatter.Format(item));
                document.WriteTo(writer);
            }
            writer.WriteEndArray();
        }
        Console.Out.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteCsv<T>(IReadOnlyList<T> items, IReadOnlyList<Column<T>> columns)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', columns.Select(c => Csv.Quote(c.Header))).Append("\r\n");
        foreach (var item in items)
            text.AppendJoin(',', columns.Select(c => Csv.Quote(c.Value(item)))).Append("\r\n");
        Console.Out.Write(text.ToString());
    }
}
