using Hub.Addresses;
using Hub.Contracts.V1;
using ContractLevel = Hub.Contracts.V1.DivisionLevel;

namespace Hub.Addresses.Registry;

/// <summary>Maps parsed addresses onto the contract's <see cref="Address"/>.</summary>
public static class AddressMessages
{
    /// <summary>
    /// Fills <paramref name="target"/> from a parse. Numbering fields carry the number without its
    /// unit word ("12号" → "12", "2单元" → "2"), as the contract says; raw_text is left as it is.
    /// </summary>
    public static Address Fill(Address target, ParsedAddress p, string addressId)
    {
        target.AddressId = addressId;
        target.DivisionCode = p.DivisionCode;
        target.DivisionLevel = (ContractLevel)(int)p.Level;
        target.Province = p.Province;
        target.City = p.City;
        target.County = p.County;
        target.Township = p.Township;
        target.Community = p.Community;
        target.Road = p.Road;
        target.RoadNumber = Strip(p.RoadNumber, "号");
        target.Estate = p.Estate;
        target.Building = Strip(p.Building, "幢");
        target.Unit = Strip(p.Unit, "单元");
        target.Floor = Strip(p.Floor, "层");
        target.Room = Strip(p.Room, "室");
        target.Unparsed = p.Unparsed;
        target.Confidence = p.Confidence;
        return target;
    }

    /// <summary>A new contract address from a parse, echoing the parsed text.</summary>
    public static Address From(ParsedAddress p, string addressId) => Fill(new Address { RawText = p.Text }, p, addressId);

    private static string Strip(string value, string unit) =>
        value.EndsWith(unit, StringComparison.Ordinal) ? value[..^unit.Length] : value;
}
