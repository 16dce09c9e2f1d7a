using System.Text;

namespace Hub.Tests.HubCtl;

/// <summary>Departments and CSV files the hubctl tests use.</summary>
public static class HubCtlData
{
    /// <summary>A department whose mappings the tests write.</summary>
    public const string Department = "civil-affairs";

    /// <summary>A second department, the target of export-then-import.</summary>
    public const string OtherDepartment = "household";

    /// <summary>The header line of the mapping CSV.</summary>
    public const string Header = "local_code,canonical_code,local_label,note";

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>A CSV file in a fresh temp folder: the header then <paramref name="lines"/>, CRLF, UTF-8 with or without BOM.</summary>
    public static byte[] Csv(bool bom, params string[] lines)
    {
        var text = string.Join("\r\n", [Header, .. lines]) + "\r\n";
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
        return bom ? [.. Bom, .. bytes] : bytes;
    }

    /// <summary>Writes <paramref name="bytes"/> to a file named <paramref name="name"/> under <paramref name="folder"/>.</summary>
    public static string Write(string folder, string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
