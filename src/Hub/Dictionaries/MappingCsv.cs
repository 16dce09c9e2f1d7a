using System.Text;

namespace Hub.Dictionaries;

/// <summary>A mapping as read from one CSV line, before it is applied.</summary>
public sealed record MappingDraft(int Line, string LocalCode, string CanonicalCode, string LocalLabel, string Note);

/// <summary>A problem with one CSV line; <see cref="Column"/> is empty for whole-line problems.</summary>
public sealed record CsvProblem(int Line, string Column, string Reason);

/// <summary>A parsed mapping file: the good rows, every problem, and how many data lines it had.</summary>
public sealed record MappingFile(IReadOnlyList<MappingDraft> Rows, IReadOnlyList<CsvProblem> Problems, int RowCount);

/// <summary>
/// The mapping file format shared by export and import: UTF-8 (a byte-order mark is accepted,
/// and written so spreadsheet programs show Chinese labels), header
/// <c>local_code,canonical_code,local_label,note</c>, one mapping per line.
/// </summary>
public static class MappingCsv
{
    /// <summary>The columns, in order.</summary>
    public static readonly string[] Columns = ["local_code", "canonical_code", "local_label", "note"];

    /// <summary>Longest local code accepted.</summary>
    public const int MaxLocalCode = 64;

    /// <summary>Longest note accepted.</summary>
    public const int MaxNote = 500;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads a mapping file and checks every line against <paramref name="dictionary"/>. Returns the drafts
    /// and every problem found; the caller applies nothing when there is any problem.
    /// </summary>
    public static MappingFile Parse(ReadOnlySpan<byte> content, CanonicalDictionary dictionary)
    {
        var problems = new List<CsvProblem>();
        var rows = new List<MappingDraft>();
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            content = content[3..];

        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            problems.Add(new CsvProblem(LineOfFirstInvalidByte(content), "",
                "the file is not UTF-8 (a spreadsheet program's \"CSV UTF-8\" export is; GBK/GB18030 files must be converted)"));
            return new MappingFile(rows, problems, 0);
        }

        List<CsvRecord> records;
        try
        {
            records = CsvRecords.Read(text).ToList();
        }
        catch (FormatException ex)
        {
            problems.Add(new CsvProblem(0, "", ex.Message));
            return new MappingFile(rows, problems, 0);
        }
        if (records.Count == 0)
        {
            problems.Add(new CsvProblem(1, "", $"the file is empty; expected the header {string.Join(',', Columns)}"));
            return new MappingFile(rows, problems, 0);
        }

        var header = records[0].Fields.Select(f => f.Trim().ToLowerInvariant()).ToArray();
        if (header.Length < 2 || header.Length > Columns.Length || !header.SequenceEqual(Columns.Take(header.Length)))
        {
            problems.Add(new CsvProblem(records[0].Line, "",
                $"the header must be {string.Join(',', Columns)} (the last two may be left out), found {string.Join(',', records[0].Fields)}"));
            return new MappingFile(rows, problems, 0);
        }

        var dataRows = records.Count - 1;
        var firstLineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.Count != header.Length)
            {
                problems.Add(new CsvProblem(record.Line, "", $"expected {header.Length} columns, found {record.Fields.Count}"));
                continue;
            }
            var draft = new MappingDraft(record.Line, record.Fields[0].Trim(), record.Fields[1].Trim(),
                header.Length > 2 ? record.Fields[2].Trim() : "", header.Length > 3 ? record.Fields[3].Trim() : "");
            var before = problems.Count;
            problems.AddRange(Check(draft, dictionary));
            if (draft.LocalCode.Length > 0 && !firstLineOf.TryAdd(draft.LocalCode, draft.Line))
                problems.Add(new CsvProblem(draft.Line, "local_code",
                    $"local code {draft.LocalCode} appears twice (first on line {firstLineOf[draft.LocalCode]})"));
            if (problems.Count == before)
                rows.Add(draft);
        }
        return new MappingFile(rows, problems, dataRows);
    }

    /// <summary>The checks every mapping passes, from a file or from a PutMappings batch.</summary>
    public static IEnumerable<CsvProblem> Check(MappingDraft draft, CanonicalDictionary dictionary)
    {
        if (draft.LocalCode.Length == 0)
            yield return new CsvProblem(draft.Line, "local_code", "local code is empty");
        else if (draft.LocalCode.Length > MaxLocalCode)
            yield return new CsvProblem(draft.Line, "local_code", $"local code is longer than {MaxLocalCode} characters");
        if (draft.CanonicalCode.Length == 0)
            yield return new CsvProblem(draft.Line, "canonical_code", "canonical code is empty");
        else if (!dictionary.TryGet(draft.CanonicalCode, out var entry))
            yield return new CsvProblem(draft.Line, "canonical_code",
                $"canonical code {draft.CanonicalCode} is not in dictionary {dictionary.Id} (version {dictionary.Version})");
        else if (entry.Deprecated)
            yield return new CsvProblem(draft.Line, "canonical_code", $"canonical code {draft.CanonicalCode} is deprecated in {dictionary.Id}");
        if (draft.LocalLabel.Length > 200)
            yield return new CsvProblem(draft.Line, "local_label", "local label is longer than 200 characters");
        if (draft.Note.Length > MaxNote)
            yield return new CsvProblem(draft.Line, "note", $"note is longer than {MaxNote} characters");
    }

    /// <summary>Writes mappings as a file that <see cref="Parse"/> reads back unchanged, with a byte-order mark.</summary>
    public static byte[] Write(IEnumerable<(string LocalCode, string CanonicalCode, string LocalLabel, string Note)> mappings)
    {
        var text = new StringBuilder();
        CsvRecords.Write(text, Columns);
        foreach (var m in mappings)
            CsvRecords.Write(text, m.LocalCode, m.CanonicalCode, m.LocalLabel, m.Note);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static int LineOfFirstInvalidByte(ReadOnlySpan<byte> content)
    {
        var decoder = StrictUtf8.GetDecoder();
        var line = 1;
        var one = new char[2];
        for (var i = 0; i < content.Length; i++)
        {
            try
            {
                decoder.GetChars(content.Slice(i, 1), one, flush: false);
            }
            catch (DecoderFallbackException)
            {
                return line;
            }
            if (content[i] == (byte)'\n')
                line++;
        }
        return line;
    }
}
