namespace Hub.ReferenceData;

/// <summary>Opens the reference tables embedded in the hub's assembly (see ReferenceData/README.md).</summary>
public static class ReferenceFiles
{
    /// <summary>Opens an embedded file by its name, for example <c>zhejiang_townships.csv</c>.</summary>
    public static Stream Open(string fileName) =>
        typeof(ReferenceFiles).Assembly.GetManifestResourceStream("Hub.ReferenceData." + fileName)
        ?? throw new FileNotFoundException($"No embedded reference file named {fileName}", fileName);

    /// <summary>Reads an embedded UTF-8 text file line by line.</summary>
    public static IEnumerable<string> ReadLines(string fileName)
    {
        using var reader = new StreamReader(Open(fileName), System.Text.Encoding.UTF8);
        while (reader.ReadLine() is { } line)
            yield return line;
    }

    /// <summary>Names of every embedded reference file.</summary>
    public static IEnumerable<string> Names =>
        typeof(ReferenceFiles).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Hub.ReferenceData.", StringComparison.Ordinal))
            .Select(n => n["Hub.ReferenceData.".Length..]);
}
