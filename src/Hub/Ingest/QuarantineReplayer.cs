using Hub.Contracts.V1;
using Hub.Dictionaries;
using Hub.Identity;

namespace Hub.Ingest;

/// <summary>
/// Replays quarantined records whenever mappings change (and once at start, in case the hub
/// stopped between a mapping change and its replay): a record whose codes now all translate
/// is released into the source records; one that still lacks a mapping stays, with its reason updated.
/// </summary>
public sealed class QuarantineReplayer(
    IIngestStore store, MappingService mappings, CodeTranslator translator, AddressEnricher addresses, IdentityEngine identity,
    MappingChangeSignal signal, TimeProvider time,
    ILogger<QuarantineReplayer> logger) : BackgroundService
{
    private const int Page = 500;

    /// <summary>Released records since start, for tests and logs.</summary>
    public long Released => Interlocked.Read(ref _released);

    private long _released;

    /// <summary>Runs one pass over every waiting record; returns how many were released.</summary>
    public async Task<int> ReplayAsync(CancellationToken cancellationToken)
    {
        var snapshot = await mappings.GetSnapshotAsync(cancellationToken);
        var released = 0;
        long after = 0;
        while (true)
        {
            var waiting = await store.ListWaitingAsync(after, Page, cancellationToken);
            foreach (var q in waiting)
            {
                after = q.Id;
                var record = IngestRecord.Parser.ParseFrom(q.Payload);
                var result = translator.Translate(record, q.Department, snapshot);
                if (result.Complete)
                {
                    await addresses.EnrichAsync(record, cancellationToken);
                    if (await store.ReleaseAsync(q, (int)record.Kind, Google.Protobuf.MessageExtensions.ToByteArray(record), time.GetUtcNow(), cancellationToken))
                    {
                        released++;
                        if (record.Person is { } person)
                            await identity.IngestAsync([(q.Department, q.LocalId, person)], q.AdapterId, cancellationToken);
                    }
                }
                else if (result.Reason != q.Reason)
                {
                    await store.UpdateWaitingAsync(q, result.Reason, result.Unmapped, cancellationToken);
                }
            }
            if (waiting.Count < Page)
                break;
        }
        Interlocked.Add(ref _released, released);
        if (released > 0)
            logger.LogInformation("Released {Count} quarantined record(s) after a mapping change", released);
        return released;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        signal.Raise(); // one pass at start
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await signal.WaitAsync(stoppingToken);
                await ReplayAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The records stay in quarantine; the next mapping change or restart tries again.
                logger.LogError(ex, "Replaying quarantined records failed");
            }
        }
    }
}
