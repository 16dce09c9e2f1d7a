using Google.Protobuf;

namespace Hub.SampleData;

/// <summary>The truth file: which person each department record describes.</summary>
public static class TruthFile
{
    /// <summary>Writes CSV <c>department,local_id,person_id</c>, a header and one line per record, in record order.</summary>
    public static void Write(TextWriter writer, Population population)
    {
        writer.Write("department,local_id,person_id\n");
        foreach (var r in population.Records)
        {
            writer.Write(r.Department);
            writer.Write(',');
            writer.Write(r.LocalId);
            writer.Write(',');
            writer.Write(r.PersonId);
            writer.Write('\n');
        }
    }
}

/// <summary>Writes <c>hub.v1.PersonRecord</c> messages as JSON lines (protobuf JSON mapping).</summary>
public static class PersonRecordJsonLines
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);

    /// <summary>
    /// Writes one JSON object per line for each record of <paramref name="department"/>, in record
    /// order; returns how many. Formatting runs on all cores, a bounded batch at a time.
    /// </summary>
    public static int Write(TextWriter writer, Population population, string department)
    {
        var records = population.Records.Where(r => r.Department == department).ToList();
        const int chunkSize = 2048;
        var chunks = new string[Math.Max(2, Environment.ProcessorCount) * 2];
        for (var start = 0; start < records.Count; start += chunkSize * chunks.Length)
        {
            var batchStart = start;
            var count = Math.Min(chunks.Length, (records.Count - batchStart + chunkSize - 1) / chunkSize);
            Parallel.For(0, count, c =>
            {
                var sb = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
                var end = Math.Min(records.Count, batchStart + (c + 1) * chunkSize);
                for (var i = batchStart + c * chunkSize; i < end; i++)
                {
                    Formatter.Format(records[i].ToPersonRecord(), sb);
                    sb.Write('\n');
                }
                chunks[c] = sb.ToString();
            });
            for (var c = 0; c < count; c++)
                writer.Write(chunks[c]);
        }
        return records.Count;
    }

    /// <summary>Reads records written by <see cref="Write"/>.</summary>
    public static IEnumerable<Contracts.V1.PersonRecord> Read(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
            if (line.Length > 0)
                yield return Contracts.V1.PersonRecord.Parser.ParseJson(line);
    }
}
