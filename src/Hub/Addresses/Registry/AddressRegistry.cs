namespace Hub.Addresses.Registry;

/// <summary>Parses addresses and enters those that qualify into the standard-address registry.</summary>
public sealed class AddressRegistry(AddressParser parser, IAddressRegistryStore store, TimeProvider time)
{
    /// <summary>The parser in use.</summary>
    public AddressParser Parser => parser;

    /// <summary>Parses each text and registers the qualifying ones; returns each parse with its address id (empty when not registered).</summary>
    public async Task<IReadOnlyList<(ParsedAddress Parsed, string AddressId)>> RegisterAsync(IReadOnlyList<string> texts,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var results = new List<(ParsedAddress, string)>(texts.Count);
        var entries = new List<StandardAddress>();
        foreach (var text in texts)
        {
            var parsed = parser.Parse(text);
            if (!StandardAddress.Qualifies(parsed))
            {
                results.Add((parsed, ""));
                continue;
            }
            var id = StandardAddress.IdFor(parsed.NormalizedKey);
            entries.Add(new StandardAddress(id, parsed.NormalizedKey, parsed, StandardAddress.SearchTextOf(parsed), now, now));
            results.Add((parsed, id));
        }
        if (entries.Count > 0)
            await store.UpsertAsync(entries, now, cancellationToken);
        return results;
    }
}
