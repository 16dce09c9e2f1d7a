namespace Hub.Addresses;

/// <summary>
/// The detail phase of parsing: reads road, number, building, unit, floor and room (and grid,
/// villagers' group, estate or unknown community) from what follows the division names. Numbers
/// are ASCII by now; each number group is read with the marker after it (号, 幢, 单元, 室 ...), and
/// dash forms (3-2-301, 12-3-2-301) are laid out by position.
/// </summary>
internal static class DetailParser
{
    internal enum Marker { None, Number, Building, Unit, Room, Floor, Grid, Group, Lane }

    // Declared before Markers, which spreads it: static fields initialise in text order.
    /// <summary>Misspelt markers seen in typed addresses: same-sound or same-shape characters.</summary>
    internal static readonly (string Text, Marker Marker)[] TypoMarkers =
    [
        ("撞", Marker.Building), ("憧", Marker.Building), ("橦", Marker.Building),
        ("单无", Marker.Unit), ("单原", Marker.Unit), ("单圆", Marker.Unit),
    ];

    // Longest first where one marker starts another (号楼 before 号, 村民小组 before 组).
    private static readonly (string Text, Marker Marker)[] Markers =
    [
        ("号楼", Marker.Building), ("号院", Marker.Number), ("号", Marker.Number),
        ("村民小组", Marker.Group), ("小组", Marker.Group), ("组", Marker.Group),
        ("单元", Marker.Unit), ("网格", Marker.Grid),
        ("幢", Marker.Building), ("栋", Marker.Building), ("座", Marker.Building), ("#", Marker.Building),
        ("室", Marker.Room), ("房", Marker.Room), ("户", Marker.Room),
        ("层", Marker.Floor), ("楼", Marker.Floor), ("弄", Marker.Lane),
        // Common typing slips for the markers, read as what was meant (5撞 = 5幢, 3单无 = 3单元).
        .. TypoMarkers,
    ];

    /// <summary>True when <paramref name="rest"/> starts with a misspelt marker (<see cref="TypoMarkers"/>).</summary>
    internal static bool StartsWithTypoMarker(ReadOnlySpan<char> rest)
    {
        foreach (var (text, _) in TypoMarkers)
        {
            if (rest.StartsWith(text, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    /// <summary>Fills <paramref name="d"/> from the text <paramref name="r"/> (normalised, numerals converted).</summary>
    public static void Parse(string r, AddressDetails d)
    {
        var i = 0;
        while (i < r.Length)
        {
            var c = r[i];
            if (IsAlnum(c))
            {
                i = ReadNumberGroup(r, i, d);
                continue;
            }
            if (c is '-' or '#')
            {
                i++;
                continue;
            }
            var j = i;
            while (j < r.Length && !IsAlnum(r[j]) && r[j] is not ('-' or '#'))
                j++;
            WordParser.Read(r.AsSpan(i, j - i), d);
            i = j;
        }
        DeriveFloor(d);
    }

    private static bool IsAlnum(char c) => c is (>= '0' and <= '9') or (>= 'A' and <= 'Z');

    private static int ReadNumberGroup(string r, int start, AddressDetails d)
    {
        Span<Range> parts = stackalloc Range[6];
        var count = 0;
        var k = start;
        while (true)
        {
            var tokenStart = k;
            while (k < r.Length && IsAlnum(r[k]))
                k++;
            if (count < parts.Length)
                parts[count++] = new Range(tokenStart, k);
            if (k + 1 < r.Length && r[k] == '-' && IsAlnum(r[k + 1]))
            {
                k++;
                continue;
            }
            break;
        }
        var marker = ReadMarker(r, ref k);
        if (marker == Marker.Building && k < r.Length && r[k] == '楼')
            k++; // 3栋楼
        var raw = r.AsSpan(start, k - start);
        if (count == 1)
            AssignSingle(Canon(r.AsSpan()[parts[0]]), marker, raw, d);
        else
            AssignDashed(r, parts[..count], marker, raw, d);
        return k;
    }

    private static Marker ReadMarker(string r, ref int k)
    {
        var rest = r.AsSpan(k);
        foreach (var (text, marker) in Markers)
        {
            if (rest.StartsWith(text, StringComparison.Ordinal))
            {
                k += text.Length;
                return marker;
            }
        }
        return Marker.None;
    }

    private static void AssignSingle(string v, Marker marker, ReadOnlySpan<char> raw, AddressDetails d)
    {
        var ok = marker switch
        {
            Marker.Building => TrySet(ref d.Building, v + "幢"),
            Marker.Unit => TrySet(ref d.Unit, v + "单元"),
            Marker.Room => TrySet(ref d.Room, v + "室"),
            Marker.Floor => TrySet(ref d.Floor, v + "层"),
            Marker.Grid => TrySet(ref d.Grid, v + "网格"),
            Marker.Group => TrySet(ref d.Group, v + "组"),
            Marker.Lane => AppendLane(d, v),
            Marker.Number => AssignNumber(d, v),
            _ => AssignBare(d, v),
        };
        if (!ok)
            d.AddUnparsed(raw);
    }

    private static bool AssignNumber(AddressDetails d, string v)
    {
        if (d.RoadNumber.Length == 0 && d.Building.Length == 0 && d.Unit.Length == 0 && d.Room.Length == 0)
        {
            d.RoadNumber = v + "号";
            return true;
        }
        // 3幢301号: after a building, 号 numbers the room.
        return (d.Building.Length > 0 || d.Unit.Length > 0) && TrySet(ref d.Room, v + "室");
    }

    private static bool AssignBare(AddressDetails d, string v)
    {
        if (d.Building.Length > 0 || d.Unit.Length > 0 || d.Floor.Length > 0 || d.RoadNumber.Length > 0)
            return TrySet(ref d.Room, v + "室");
        if (d.HasLocality)
        {
            d.RoadNumber = v + "号";
            return true;
        }
        return false;
    }

    private static bool AppendLane(AddressDetails d, string v)
    {
        if (d.RoadNumber.Length > 0)
            return false;
        d.Road += v + "弄";
        return true;
    }

    private static void AssignDashed(string r, ReadOnlySpan<Range> parts, Marker marker, ReadOnlySpan<char> raw, AddressDetails d)
    {
        var p = new string[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            p[i] = Canon(r.AsSpan()[parts[i]]);

        var numberFirst = d.RoadNumber.Length == 0 && d.Building.Length == 0
            && (d.Road.Length > 0 || p.Length >= 4) && marker is not (Marker.Building or Marker.Unit);
        bool ok;
        if (numberFirst)
        {
            ok = p.Length switch
            {
                2 when marker == Marker.Number || p[1].Length < 3 => Set(d, number: $"{p[0]}-{p[1]}"),
                2 => Set(d, number: p[0], room: p[1]),
                3 => Set(d, number: p[0], building: p[1], room: p[2]),
                _ => Set(d, number: p[0], building: p[1], unit: p[2], room: p[3]),
            };
        }
        else
        {
            ok = p.Length switch
            {
                2 when marker == Marker.Unit || (p[1].Length < 3 && marker != Marker.Room) => Set(d, building: p[0], unit: p[1]),
                2 => Set(d, building: p[0], room: p[1]),
                _ => Set(d, building: p[0], unit: p[1], room: p[2]),
            };
        }
        if (!ok || p.Length > (numberFirst ? 4 : 3))
            d.AddUnparsed(raw);
    }

    private static bool Set(AddressDetails d, string? number = null, string? building = null, string? unit = null, string? room = null)
    {
        if ((number is not null && d.RoadNumber.Length > 0) || (building is not null && d.Building.Length > 0)
            || (unit is not null && d.Unit.Length > 0) || (room is not null && d.Room.Length > 0))
            return false;
        if (number is not null)
            d.RoadNumber = number + "号";
        if (building is not null)
            d.Building = building + "幢";
        if (unit is not null)
            d.Unit = unit + "单元";
        if (room is not null)
            d.Room = room + "室";
        return true;
    }

    private static bool TrySet(ref string field, string value)
    {
        if (field.Length > 0)
            return false;
        field = value;
        return true;
    }

    /// <summary>Drops leading zeros from a number (0301 → 301) but keeps letters (A, 12A).</summary>
    private static string Canon(ReadOnlySpan<char> token)
    {
        var trimmed = token.TrimStart('0');
        return trimmed.IsEmpty ? "0" : new string(trimmed);
    }

    private static void DeriveFloor(AddressDetails d)
    {
        if (d.Floor.Length > 0 || d.Room.Length is < 4 or > 5)
            return;
        var digits = d.Room.AsSpan(0, d.Room.Length - 1);
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
                return;
        }
        d.Floor = new string(digits[..^2]) + "层";
    }
}
