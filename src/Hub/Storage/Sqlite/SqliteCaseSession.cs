using Hub.Cases;
using Hub.Contracts.V1;
using Microsoft.Data.Sqlite;

namespace Hub.Storage.Sqlite;

/// <summary>The case writer's statements, prepared once on its connection and run inside its transaction.</summary>
internal sealed class SqliteCaseSession : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _findByRequest;
    private readonly SqliteCommand _insertCase;
    private readonly SqliteCommand _updateCase;
    private readonly SqliteCommand _insertEvent;

    public SqliteCaseSession(SqliteConnection connection)
    {
        _connection = connection;
        _findByRequest = connection.Command("SELECT snapshot, content_hash FROM cases WHERE caller = $caller AND request_id = $rid");
        _insertCase = connection.Command("""
            INSERT INTO cases (case_id, caller, request_id, content_hash, state, version, channel, category_code, division_code,
                departments, residents, overdue, created_at, next_due, snapshot)
            VALUES ($id, $caller, $rid, $hash, $state, $version, $channel, $cat, $div, $deps, $res, $overdue, $created, $due, $snapshot)
            """);
        _updateCase = connection.Command("""
            UPDATE cases SET state = $state, version = $version, departments = $deps, residents = $res, overdue = $overdue,
                next_due = $due, snapshot = $snapshot
            WHERE case_id = $id AND version = $expected
            """);
        _insertEvent = connection.Command("""
            INSERT INTO case_events (case_id, departments, division_code, category_code, event)
            VALUES ($id, $deps, $div, $cat, $event) RETURNING sequence
            """);
    }

    /// <summary>Where <see cref="AppendEvents"/> puts the events of the piece of work running now.</summary>
    public List<CaseEvent> Current { get; set; } = [];

    public void Execute(string sql)
    {
        using var command = _connection.Command(sql);
        command.ExecuteNonQuery();
    }

    public InsertOutcome? FindByRequest(string caller, string requestId)
    {
        Set(_findByRequest, ("$caller", caller), ("$rid", requestId));
        using var reader = _findByRequest.ExecuteReader();
        return reader.Read() ? new InsertOutcome(Case.Parser.ParseFrom((byte[])reader[0]), false, reader.GetString(1)) : null;
    }

    public void InsertCase(NewCase n)
    {
        var c = n.Case;
        Set(_insertCase, ("$id", c.CaseId), ("$caller", n.Caller), ("$rid", n.RequestId), ("$hash", n.ContentHash),
            ("$state", (int)c.State), ("$version", c.Version), ("$channel", (int)c.Channel), ("$cat", c.Category?.Code ?? ""),
            ("$div", c.DivisionCode), ("$deps", CaseIndex.Departments(c)), ("$res", CaseIndex.Residents(c)), ("$overdue", c.Overdue ? 1 : 0),
            ("$created", SqliteText.Time(c.CreateTime.ToDateTimeOffset())), ("$due", Due(n.NextDue)), ("$snapshot", SqliteCaseStore.Bytes(c)));
        _insertCase.ExecuteNonQuery();
    }

    public bool UpdateCase(CaseUpdate u)
    {
        var c = u.Case;
        Set(_updateCase, ("$id", c.CaseId), ("$expected", u.ExpectedVersion), ("$state", (int)c.State), ("$version", c.Version),
            ("$deps", CaseIndex.Departments(c)), ("$res", CaseIndex.Residents(c)), ("$overdue", c.Overdue ? 1 : 0),
            ("$due", Due(u.NextDue)), ("$snapshot", SqliteCaseStore.Bytes(c)));
        return _updateCase.ExecuteNonQuery() == 1;
    }

    public void AppendEvents(Case c, IReadOnlyList<CaseEvent> events)
    {
        foreach (var e in events)
        {
            var snapshot = e.Snapshot ?? c;
            Set(_insertEvent, ("$id", e.CaseId), ("$deps", CaseIndex.Departments(snapshot, e.ActorDepartment)),
                ("$div", snapshot.DivisionCode), ("$cat", snapshot.Category?.Code ?? ""), ("$event", SqliteCaseStore.Bytes(e)));
            var sequence = (long)_insertEvent.ExecuteScalar()!;
            e.Cursor = CaseCursor.Format(sequence);
            Current.Add(e);
        }
    }

    public (RuleWrite, RoutingRule?) PutRule(RoutingRule rule, long expectedVersion)
    {
        using var find = _connection.Command("SELECT version FROM routing_rules WHERE rule_id = $id").With("$id", rule.RuleId);
        var current = find.ExecuteScalar() as long?;
        if (expectedVersion == 0 && current is not null)
            return (RuleWrite.Duplicate, null);
        if (expectedVersion != 0 && current is null)
            return (RuleWrite.NotFound, null);
        if (expectedVersion != 0 && current != expectedVersion)
            return (RuleWrite.VersionConflict, null);
        using var duplicate = _connection.Command(
            "SELECT 1 FROM routing_rules WHERE category_code = $cat AND division_code = $div AND rule_id <> $id")
            .With("$cat", rule.CategoryCode).With("$div", rule.DivisionCode).With("$id", rule.RuleId);
        if (duplicate.ExecuteScalar() is not null)
            return (RuleWrite.Duplicate, null);
        var stored = rule.Clone();
        stored.Version = expectedVersion + 1;
        using var write = _connection.Command("""
            INSERT INTO routing_rules (rule_id, category_code, division_code, version, rule) VALUES ($id, $cat, $div, $v, $rule)
            ON CONFLICT (rule_id) DO UPDATE SET category_code = excluded.category_code, division_code = excluded.division_code,
                version = excluded.version, rule = excluded.rule
            """).With("$id", stored.RuleId).With("$cat", stored.CategoryCode).With("$div", stored.DivisionCode)
            .With("$v", stored.Version).With("$rule", SqliteCaseStore.Bytes(stored));
        write.ExecuteNonQuery();
        return (RuleWrite.Written, stored);
    }

    public void Dispose()
    {
        _findByRequest.Dispose();
        _insertCase.Dispose();
        _updateCase.Dispose();
        _insertEvent.Dispose();
    }

    private static string? Due(DateTimeOffset? due) => due is { } d ? SqliteText.Time(d) : null;

    private static void Set(SqliteCommand command, params (string Name, object? Value)[] values)
    {
        if (command.Parameters.Count == 0)
        {
            foreach (var (name, value) in values)
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            return;
        }
        foreach (var (name, value) in values)
            command.Parameters[name].Value = value ?? DBNull.Value;
    }
}
