using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Hub.Storage.Sqlite;

/// <summary>
/// A statement prepared once per transaction on the connection's own handle and stepped once per
/// row, its parameters bound by ordinal. The bulk rows of an identity change (residents, links,
/// events, outbox keys) go through it: Microsoft.Data.Sqlite looks every parameter up by name on
/// every execution, which costs more than the row itself once statements have several rows.
/// </summary>
internal sealed class SqliteRowStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteRowStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    /// <summary>Binds parameter <paramref name="ordinal"/> (1-based) to a text, or to NULL.</summary>
    public SqliteRowStatement Text(int ordinal, string? value)
    {
        Check(value is null ? raw.sqlite3_bind_null(_statement, ordinal) : raw.sqlite3_bind_text(_statement, ordinal, value));
        return this;
    }

    /// <summary>Binds parameter <paramref name="ordinal"/> (1-based) to an integer.</summary>
    public SqliteRowStatement Integer(int ordinal, long value)
    {
        Check(raw.sqlite3_bind_int64(_statement, ordinal, value));
        return this;
    }

    /// <summary>Binds parameter <paramref name="ordinal"/> (1-based) to a blob (SQLite copies it).</summary>
    public SqliteRowStatement Blob(int ordinal, byte[] value)
    {
        Check(raw.sqlite3_bind_blob(_statement, ordinal, value));
        return this;
    }

    /// <summary>Binds parameter <paramref name="ordinal"/> (1-based) to a real.</summary>
    public SqliteRowStatement Real(int ordinal, double value)
    {
        Check(raw.sqlite3_bind_double(_statement, ordinal, value));
        return this;
    }

    /// <summary>Runs the statement with the bound values and makes it ready for the next row; returns the rowid it inserted.</summary>
    public long Step()
    {
        var rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE)
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_db));
        return raw.sqlite3_last_insert_rowid(_db);
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_db));
    }
}
