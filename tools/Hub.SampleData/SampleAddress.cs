using System.Text;

namespace Hub.SampleData;

/// <summary>
/// A dwelling in Quzhou: an urban flat on a road in a community, or a house number in a village.
/// Text forms follow the habits of the departments that write them.
/// </summary>
/// <param name="DivisionCode">12-digit code of the community or village (NBS 2023).</param>
/// <param name="County">County-level name, e.g. 柯城区.</param>
/// <param name="Township">Township-level name, e.g. 新新街道, 石梁镇.</param>
/// <param name="Community">Community or village, e.g. 新安社区, 郭丰村.</param>
/// <param name="Road">Road of an urban flat; empty in a village.</param>
/// <param name="Number">House number on the road, or in the village.</param>
/// <param name="Building">Building (幢) of a flat, else 0.</param>
/// <param name="Unit">Stairway unit (单元) of a flat, else 0.</param>
/// <param name="Room">Room (室), floor * 100 + door, else 0.</param>
/// <param name="GridNumber">The grid (网格) of the community this dwelling belongs to.</param>
public sealed record SampleAddress(
    string DivisionCode, string County, string Township, string Community, string Road,
    int Number, int Building, int Unit, int Room, int GridNumber)
{
    /// <summary>The 6-digit county code, used as the id-number area code.</summary>
    public string CountyCode => DivisionCode[..6];

    /// <summary>True for a flat on a road.</summary>
    public bool IsFlat => Road.Length > 0;

    /// <summary>The household registry's form: province to room, no community (浙江省衢州市柯城区新新街道新桥路12号3幢2单元301室).</summary>
    public string RegistryText() => "浙江省衢州市" + County + Township + (IsFlat ? "" : Community) + Detail();

    /// <summary>Civil affairs' form: county, township and community (柯城区新新街道新安社区新桥路12号3幢2单元301室).</summary>
    public string CivilAffairsText() => County + Township + Community + Detail();

    /// <summary>A grid worker's form: community and grid, then the dwelling with a Chinese numeral (新安社区2网格 新桥路十二号3幢2单元301).</summary>
    public string GridText() => IsFlat
        ? $"{Community}{GridNumber}网格 {Road}{ChineseNumber(Number)}号{Building}幢{Unit}单元{Room}"
        : $"{Community}{GridNumber}网格 {Community}{ChineseNumber(Number)}号";

    private string Detail() => IsFlat ? $"{Road}{Number}号{Building}幢{Unit}单元{Room}室" : $"{Number}号";

    /// <summary>A number below 10,000 in Chinese numerals: 12 十二, 45 四十五, 105 一百零五.</summary>
    public static string ChineseNumber(int n)
    {
        const string digits = "零一二三四五六七八九";
        if (n is < 0 or >= 10_000)
            throw new ArgumentOutOfRangeException(nameof(n));
        if (n < 10)
            return digits[n].ToString();
        if (n < 20)
            return "十" + (n % 10 == 0 ? "" : digits[n % 10].ToString());
        var sb = new StringBuilder();
        ReadOnlySpan<(int Value, char Unit)> places = [(1000, '千'), (100, '百'), (10, '十'), (1, '\0')];
        var pendingZero = false;
        foreach (var (value, unit) in places)
        {
            var d = n / value % 10;
            if (d == 0)
            {
                pendingZero = sb.Length > 0;
                continue;
            }
            if (pendingZero)
                sb.Append('零');
            pendingZero = false;
            sb.Append(digits[d]);
            if (unit != '\0')
                sb.Append(unit);
        }
        return sb.ToString();
    }
}
