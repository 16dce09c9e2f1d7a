using System.Text;

namespace Hub.Addresses;

/// <summary>The components below the division level, as the detail phase fills them in (fields, so they can be set by ref).</summary>
internal sealed class AddressDetails
{
    public string Community = string.Empty;
    public string Grid = string.Empty;
    public string Group = string.Empty;
    public string Road = string.Empty;
    public string RoadNumber = string.Empty;
    public string Estate = string.Empty;
    public string Building = string.Empty;
    public string Unit = string.Empty;
    public string Floor = string.Empty;
    public string Room = string.Empty;

    /// <summary>True when the text already placed us at a village or community (from the tables).</summary>
    public bool InVillage { get; set; }

    /// <summary>Text not understood, pieces separated by spaces.</summary>
    public StringBuilder Unparsed { get; } = new();

    /// <summary>Characters put into <see cref="Unparsed"/>.</summary>
    public int UnparsedChars { get; private set; }

    /// <summary>True when something locates the numbers: a road, a village or community, or an estate.</summary>
    public bool HasLocality => Road.Length > 0 || Community.Length > 0 || InVillage || Estate.Length > 0;

    public void AddUnparsed(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
            return;
        if (Unparsed.Length > 0)
            Unparsed.Append(' ');
        Unparsed.Append(text);
        UnparsedChars += text.Length;
    }
}
