using Google.Protobuf;
using Hub.Cases;
using Hub.Contracts.V1;
using Microsoft.Data.Sqlite;

namespace Hub.Storage.Sqlite;

/// <summary>
/// The SQLite implementation of <see cref="ICaseStore"/>. Reads use pooled connections; every write goes
/// through one <see cref="SqliteCaseWriter"/>, which gathers concurrent writes into one transaction (group commit).
/// </summary>
public sealed class SqliteCaseStore : ICaseStore, IAsyncDisposable
{
    private const string CaseColumns = "snapshot";
    private readonly SqliteHubStore _store;
    private readonly SqliteCaseWriter _writer;

    /// <summary>Creates the store; the writer starts on first use.</summary>
    public SqliteCaseStore(SqliteHubStore store, ILogger<SqliteCaseStore> logger)
    {
        _store = store;
        _writer = new SqliteCaseWriter(store, logger, events => Committed?.Invoke(events));
    }

    /// <inheritdoc />
    public event Action<IReadOnlyList<CaseEvent>>? Committed;

    /// <inheritdoc />
    public Task<InsertOutcome> InsertAsync(NewCase newCase, CancellationToken cancellationToken) =>
        _writer.RunAsync(w =>
        {
            var existing = w.FindByRequest(newCase.Caller, newCase.RequestId);
            if (existing is not null)
                return existing;
            w.InsertCase(newCase);
            w.AppendEvents(newCase.Case, newCase.Events);
            return new InsertOutcome(newCase.Case, true, newCase.ContentHash);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> UpdateAsync(CaseUpdate update, CancellationToken cancellationToken) =>
        _writer.RunAsync(w =>
        {
            if (!w.UpdateCase(update))
                return false;
            w.AppendEvents(update.Case, update.Events);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<Case?> GetAsync(string caseId, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {CaseColumns} FROM cases WHERE case_id = $id").With("$id", caseId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Case.Parser.ParseFrom((byte[])reader[0]) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Case>> ListAsync(CaseQuery q, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = connection.Command("");
        var where = new List<string>();
        if (q.States.Count > 0)
            where.Add($"state IN ({string.Join(',', q.States.Select(s => (int)s))})");
        if (!string.IsNullOrEmpty(q.Department))
        {
            where.Add("instr(departments, $dep) > 0");
            command.With("$dep", "," + q.Department + ",");
        }
        if (!string.IsNullOrEmpty(q.DivisionPrefix))
        {
            where.Add("substr(division_code, 1, length($div)) = $div");
            command.With("$div", q.DivisionPrefix);
        }
        if (!string.IsNullOrEmpty(q.CategoryPrefix))
        {
            where.Add("substr(category_code, 1, length($cat)) = $cat");
            command.With("$cat", q.CategoryPrefix);
        }
        if (q.Channel is { } channel)
        {
            where.Add("channel = $channel");
            command.With("$channel", (int)channel);
        }
        if (q.OverdueOnly)
            where.Add("overdue = 1");
        if (q.CreatedFrom is { } from)
        {
            where.Add("created_at >= $from");
            command.With("$from", SqliteText.Time(from));
        }
        if (q.CreatedBefore is { } before)
        {
            where.Add("created_at < $before");
            command.With("$before", SqliteText.Time(before));
        }
        if (!string.IsNullOrEmpty(q.ResidentId))
        {
            where.Add("instr(residents, $res) > 0");
            command.With("$res", "," + q.ResidentId + ",");
        }
        command.CommandText = $"""
            SELECT {CaseColumns} FROM cases {(where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where))}
            ORDER BY created_at DESC, case_id DESC LIMIT $limit OFFSET $offset
            """;
        command.With("$limit", q.Limit).With("$offset", q.Offset);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var cases = new List<Case>();
        while (await reader.ReadAsync(cancellationToken))
            cases.Add(Case.Parser.ParseFrom((byte[])reader[0]));
        return cases;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT case_id FROM cases WHERE next_due IS NOT NULL AND next_due <= $now ORDER BY next_due LIMIT $limit")
            .With("$now", SqliteText.Time(now)).With("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetString(0));
        return ids;
    }

    /// <inheritdoc />
    public async Task<long> LastSequenceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT coalesce(max(sequence), 0) FROM case_events");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <inheritdoc />
    public async Task<(IReadOnlyList<CaseEvent> Events, long LastScanned)> ReadEventsAsync(long after, int limit,
        Func<StoredEventHeader, bool> filter, CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT sequence, departments, division_code, category_code, event FROM case_events
            WHERE sequence > $after ORDER BY sequence LIMIT $limit
            """).With("$after", after).With("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<CaseEvent>();
        var last = after;
        while (await reader.ReadAsync(cancellationToken))
        {
            last = reader.GetInt64(0);
            if (!filter(new StoredEventHeader(last, reader.GetString(1), reader.GetString(2), reader.GetString(3))))
                continue;
            var e = CaseEvent.Parser.ParseFrom((byte[])reader[4]);
            e.Cursor = CaseCursor.Format(last);
            events.Add(e);
        }
        return (events, last);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RoutingRule>> ListRulesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT rule FROM routing_rules ORDER BY category_code, division_code");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rules = new List<RoutingRule>();
        while (await reader.ReadAsync(cancellationToken))
            rules.Add(RoutingRule.Parser.ParseFrom((byte[])reader[0]));
        return rules;
    }

    /// <inheritdoc />
    public Task<(RuleWrite Outcome, RoutingRule? Stored)> PutRuleAsync(RoutingRule rule, long expectedVersion, CancellationToken cancellationToken) =>
        _writer.RunAsync(w => w.PutRule(rule, expectedVersion), cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    internal static byte[] Bytes(IMessage message) => message.ToByteArray();
}
