using System.IO.Hashing;
using Google.Protobuf;
using Hub.Contracts.V1;

namespace Hub.Adapters;

/// <summary>
/// Reads changes from the plugin into the local outbox, a batch per transaction, and looks for
/// deleted records now and then. Pauses while the outbox holds <see cref="AdapterOptions.MaxBacklog"/>
/// records (backpressure from a slow or absent hub reaches the source scan, not memory).
/// </summary>
public sealed class ChangeCollector(IDepartmentAdapter adapter, LocalState state, AdapterOptions options, TimeProvider time,
    ILogger<ChangeCollector> logger)
{
    private readonly SemaphoreSlim _appended = new(0);
    private DateTimeOffset _nextDeleteScan = DateTimeOffset.MinValue;
    private DateTimeOffset? _deferredSince;

    /// <summary>Released whenever records enter the outbox.</summary>
    public SemaphoreSlim Appended => _appended;

    /// <summary>Signalled by the pusher when acks free room in the outbox.</summary>
    public SemaphoreSlim Drained { get; } = new(0);

    /// <summary>Scans until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var read = 0;
            try
            {
                read = await ReadChangesAsync(cancellationToken);
                if (read == 0 && time.GetUtcNow() >= _nextDeleteScan && DeleteScanDue())
                {
                    read += await ScanDeletesAsync(cancellationToken);
                    _nextDeleteScan = time.GetUtcNow() + options.DeleteScanInterval;
                    _deferredSince = null;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The source database may be restarting; try again after the poll interval.
                logger.LogWarning(e, "Reading the source failed; retrying in {Interval}", options.PollInterval);
            }
            if (read == 0)
                await Task.Delay(options.PollInterval, time, cancellationToken);
        }
    }

    /// <summary>Longest a delete scan waits for the outbox to drain, in delete scan intervals.</summary>
    public const int MaxDeleteScanDeferral = 10;

    // A delete scan reads every key at the source and in the local state. While the outbox still holds records for the
    // hub (the tail of an initial sync, a hub that is slow or away) its tombstones would only queue behind them, so a
    // due scan waits for the outbox to drain, for at most MaxDeleteScanDeferral intervals: an outbox that never drains
    // still gets its deletes found.
    private bool DeleteScanDue()
    {
        var backlog = state.Backlog;
        if (backlog == 0)
            return true;
        var now = time.GetUtcNow();
        if (_deferredSince is null)
        {
            _deferredSince = now;
            logger.LogDebug("Delete scan waits: the outbox holds {Backlog} records", backlog);
        }
        return now - _deferredSince >= options.DeleteScanInterval * MaxDeleteScanDeferral;
    }

    private async Task<int> ReadChangesAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        var batch = new List<(string, string, byte[], long?)>(options.ReadBatch);
        var cursor = state.Cursor;
        await foreach (var change in adapter.ReadChangesAsync(cursor, cancellationToken))
        {
            var record = change.Record;
            if (record.SourceRef?.Department != adapter.Department)
                throw new InvalidOperationException($"the plugin produced a record of department '{record.SourceRef?.Department}', not {adapter.Department}");
            record.Sequence = 0;
            record.ChangeToken = "";
            var token = change.Cursor.Length <= 256 ? change.Cursor : change.Cursor[..256];
            var (stored, contentLength) = Encode(record, token);
            batch.Add((record.SourceRef.LocalId, token, stored, (long)XxHash64.HashToUInt64(stored.AsSpan(0, contentLength))));
            cursor = change.Cursor;
            if (batch.Count >= options.ReadBatch)
            {
                total += Flush(batch, cursor);
                if (state.Backlog >= options.MaxBacklog)
                {
                    await WaitForRoomAsync(cancellationToken);
                    // Resume from the saved cursor with a fresh query rather than hold a cursor open for long.
                    return Math.Max(total, 1);
                }
            }
        }
        total += Flush(batch, cursor);
        return total;
    }

    // The stored record is the content (hashed without the token, so a moved cursor alone is no change) followed by its
    // change_token: in protobuf, appending a field's encoding to a message that lacks it sets the field. Both are written
    // into one array, so the record is serialised once and not copied.
    private static (byte[] Stored, int ContentLength) Encode(IngestRecord record, string token)
    {
        var content = record.CalculateSize();
        var size = content + (token.Length == 0
            ? 0
            : CodedOutputStream.ComputeTagSize(IngestRecord.ChangeTokenFieldNumber) + CodedOutputStream.ComputeStringSize(token));
        var bytes = new byte[size];
        var output = new CodedOutputStream(bytes);
        record.WriteTo(output);
        if (token.Length > 0)
        {
            output.WriteTag(IngestRecord.ChangeTokenFieldNumber, WireFormat.WireType.LengthDelimited);
            output.WriteString(token);
        }
        output.CheckNoSpaceLeft();
        return (bytes, content);
    }

    private async Task<int> ScanDeletesAsync(CancellationToken cancellationToken)
    {
        var keys = adapter.ReadLiveKeysAsync(cancellationToken);
        if (keys is null)
            return 0;
        var live = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var key in keys)
            live.Add(key);
        var gone = state.KnownIds().Where(id => !live.Contains(id)).ToList();
        if (gone.Count == 0)
            return 0;
        var now = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(time.GetUtcNow());
        var tombstones = gone.Select(id =>
        {
            var record = new IngestRecord
            {
                Kind = RecordKind.Tombstone,
                SourceRef = new SourceRef { Department = adapter.Department, LocalId = id },
                ChangeTime = now,
                ChangeToken = state.Cursor,
            };
            return (id, record.ChangeToken, record.ToByteArray(), (long?)null);
        }).ToList();
        var appended = state.Append(tombstones, state.Cursor);
        logger.LogInformation("{Count} record(s) deleted at the source; tombstones queued", appended);
        _appended.Release();
        return appended;
    }

    private int Flush(List<(string, string, byte[], long?)> batch, string cursor)
    {
        if (batch.Count == 0)
            return 0;
        var appended = state.Append(batch, cursor);
        batch.Clear();
        if (appended > 0)
            _appended.Release();
        return appended;
    }

    private async Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        logger.LogDebug("Outbox holds {Backlog} records; the source scan waits for the hub", state.Backlog);
        while (state.Backlog >= options.MaxBacklog)
            await Drained.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
    }
}
