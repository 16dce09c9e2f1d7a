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
        var (results, entries) = Prepare(texts, now);
        if (entries.Count > 0)
            await store.UpsertAsync(entries, now, cancellationToken);
        return results;
    }

    /// <summary>
    /// Parses each text and returns each parse with its address id, and the registry entries to write; the
    /// caller writes them (the ingest commit does, in its own transaction). A text repeated in the list is
    /// parsed once: the members of a household share their address.
    /// </summary>
    public (IReadOnlyList<(ParsedAddress Parsed, string AddressId)> Results, IReadOnlyList<StandardAddress> Entries) Prepare(
        IReadOnlyList<string> texts, DateTimeOffset now)
    {
        var results = new List<(ParsedAddress, string)>(texts.Count);
        var entries = new List<StandardAddress>();
        var seen = new Dictionary<string, (ParsedAddress, string)>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            if (seen.TryGetValue(text, out var known))
            {
                results.Add(known);
                continue;
            }
            var parsed = parser.Parse(text);
            var id = "";
            if (StandardAddress.Qualifies(parsed))
            {
                id = StandardAddress.IdFor(parsed.NormalizedKey);
                entries.Add(new StandardAddress(id, parsed.NormalizedKey, parsed, StandardAddress.SearchTextOf(parsed), now, now));
            }
            results.Add(seen[text] = (parsed, id));
        }
        return (results, entries);
    }
}
