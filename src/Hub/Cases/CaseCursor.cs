using System.Globalization;

namespace Hub.Cases;

/// <summary>The watch cursor: the event's sequence number in the store, written in decimal.</summary>
public static class CaseCursor
{
    /// <summary>The cursor of the event with sequence <paramref name="sequence"/>.</summary>
    public static string Format(long sequence) => sequence.ToString(CultureInfo.InvariantCulture);

    /// <summary>The cursor before the first event: watching from it replays the whole history.</summary>
    public const string Start = "0";

    /// <summary>Reads a cursor (or <see cref="Start"/>); false when it is not one the hub gave out.</summary>
    public static bool TryParse(string cursor, out long sequence) =>
        long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out sequence) && sequence >= 0;
}
