using Google.Protobuf;
using Hub.Addresses.Registry;
using Hub.Common;
using Hub.Contracts.V1;

namespace Hub.Ingest;

/// <summary>
/// Normalises every <see cref="Address"/> with raw text in an accepted record: the parse fills
/// its components and division code, and qualifying addresses enter the standard-address
/// registry, whose id the record then carries.
/// </summary>
public sealed class AddressEnricher(AddressRegistry registry)
{
    /// <summary>Parses and registers the record's addresses in place.</summary>
    public Task EnrichAsync(IMessage record, CancellationToken cancellationToken) => EnrichAsync([record], cancellationToken);

    /// <summary>Parses and registers the addresses of several records in place, with one write to the registry.</summary>
    public async Task EnrichAsync(IReadOnlyList<IMessage> records, CancellationToken cancellationToken)
    {
        var found = Find(records);
        if (found.Count == 0)
            return;
        var results = await registry.RegisterAsync(found.Select(a => a.RawText).ToList(), cancellationToken);
        Fill(found, results);
    }

    /// <summary>
    /// Parses the addresses of several records in place and returns the registry entries they refer to,
    /// for the caller to write in the same transaction as the records (see <see cref="IIngestStore.CommitAsync"/>).
    /// </summary>
    public IReadOnlyList<StandardAddress> Enrich(IReadOnlyList<IMessage> records, DateTimeOffset now)
    {
        var found = Find(records);
        if (found.Count == 0)
            return [];
        var (results, entries) = registry.Prepare(found.Select(a => a.RawText).ToList(), now);
        Fill(found, results);
        return entries;
    }

    private static List<Address> Find(IReadOnlyList<IMessage> records)
    {
        var found = new List<Address>();
        foreach (var record in records)
            MessageWalker.ForEach<Address>(record, (address, _) =>
            {
                if (!string.IsNullOrWhiteSpace(address.RawText))
                    found.Add(address);
            });
        return found;
    }

    private static void Fill(List<Address> found, IReadOnlyList<(Addresses.ParsedAddress Parsed, string AddressId)> results)
    {
        for (var i = 0; i < found.Count; i++)
            AddressMessages.Fill(found[i], results[i].Parsed, results[i].AddressId);
    }
}
