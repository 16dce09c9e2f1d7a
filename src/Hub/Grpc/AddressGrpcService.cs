using Grpc.Core;
using Hub.Addresses;
using Hub.Addresses.Registry;
using Hub.Contracts.V1;

namespace Hub.Grpc;

/// <summary>AddressService: free-text normalisation and the standard-address registry.</summary>
public sealed class AddressGrpcService(AddressParser parser, IAddressRegistryStore registry) : AddressService.AddressServiceBase
{
    private const int MaxText = 512;

    /// <inheritdoc />
    public override Task<NormalizeAddressResponse> NormalizeAddress(NormalizeAddressRequest request, ServerCallContext context)
    {
        new RequestChecks()
            .Required("text", request.Text, MaxText)
            .Check(request.DefaultDivisionCode.Length > 0 && !IsDivisionCode(request.DefaultDivisionCode), "default_division_code",
                "must be a 12-digit division code, e.g. 330800000000")
            .ThrowIfInvalid();

        var parsed = parser.Parse(request.Text);
        if (request.DefaultDivisionCode.Length > 0)
            parsed = WithDefault(parsed, request.Text, request.DefaultDivisionCode);
        var id = StandardAddress.Qualifies(parsed) ? StandardAddress.IdFor(parsed.NormalizedKey) : "";
        return Task.FromResult(new NormalizeAddressResponse { Address = AddressMessages.From(parsed, id) });
    }

    /// <inheritdoc />
    public override async Task<GetAddressResponse> GetAddress(GetAddressRequest request, ServerCallContext context)
    {
        new RequestChecks().Required("address_id", request.AddressId, 64).ThrowIfInvalid();
        var found = await registry.GetAsync(request.AddressId, context.CancellationToken);
        if (found is null)
            RpcErrors.NotFound($"no standard address has id {request.AddressId}");
        return new GetAddressResponse { Address = AddressMessages.From(found.Parsed, found.AddressId) };
    }

    /// <inheritdoc />
    public override async Task<SearchAddressesResponse> SearchAddresses(SearchAddressesRequest request, ServerCallContext context)
    {
        var checks = new RequestChecks()
            .Check(request.TextPrefix.Length == 0 && request.DivisionCode.Length == 0, "text_prefix", "give text_prefix, division_code or both")
            .MaxLength("text_prefix", request.TextPrefix, MaxText)
            .Check(request.DivisionCode.Length > 0 && !IsDivisionCode(request.DivisionCode), "division_code", "must be a 12-digit division code");
        var size = PageToken.Size(request.PageSize, checks);
        var filter = $"addresses|{request.DivisionCode}|{request.TextPrefix}";
        var offset = PageToken.Offset(request.PageToken, filter, checks);
        checks.ThrowIfInvalid();

        var text = request.TextPrefix.Length == 0 ? null : TextNormalizer.Normalize(request.TextPrefix);
        var rows = await registry.SearchAsync(DivisionPrefix(request.DivisionCode), text, offset, size, context.CancellationToken);
        return new SearchAddressesResponse
        {
            Addresses = { rows.Select(a => AddressMessages.From(a.Parsed, a.AddressId)) },
            NextPageToken = PageToken.Next(offset, size, rows.Count, filter),
        };
    }

    // The caller's default division fills in what the text leaves out, and only that: when the text
    // names a division outside the default, the text wins.
    private ParsedAddress WithDefault(ParsedAddress parsed, string text, string defaultCode)
    {
        var prefix = DivisionPrefix(defaultCode);
        if (prefix is null || (parsed.DivisionCode.Length > 0 && parsed.DivisionCode.StartsWith(prefix, StringComparison.Ordinal)))
            return parsed;
        if (parsed.DivisionCode.Length > 0 && !prefix.StartsWith(DivisionPrefix(parsed.DivisionCode) ?? "", StringComparison.Ordinal))
            return parsed;
        var division = parser.Catalog.FindByCode(defaultCode);
        if (division is null)
            return parsed;
        var names = new List<string>();
        for (var d = division; d is not null; d = d.Parent)
            names.Insert(0, d.Name);
        var reparsed = parser.Parse(string.Concat(names) + text) with { Text = text };
        return reparsed.DivisionCode.StartsWith(prefix, StringComparison.Ordinal) ? reparsed : parsed;
    }

    private static bool IsDivisionCode(string code) => code.Length == 12 && code.All(char.IsAsciiDigit);

    // 330802000000 -> "330802"; 330800000000 -> "3308"; 330802006000 -> "330802006".
    private static string? DivisionPrefix(string code)
    {
        if (code.Length != 12)
            return null;
        if (code[9..] != "000") return code;
        if (code[6..] != "000000") return code[..9];
        if (code[4..] != "00000000") return code[..6];
        if (code[2..] != "0000000000") return code[..4];
        return code[..2];
    }
}
