using System.Data.Common;
using Microsoft.Data.Sqlite;
using MySqlConnector;
using Npgsql;

namespace Hub.Adapters.Sql;

/// <summary>Opens connections to the legacy database of a mapping.</summary>
public static class SqlConnections
{
    /// <summary>
    /// An unopened connection. A relative SQLite file is taken from the mapping file's folder, so a
    /// mapping and its database can move together.
    /// </summary>
    public static DbConnection Create(SqlProvider provider, string connectionString, string mappingFolder) => provider switch
    {
        SqlProvider.Sqlite => new SqliteConnection(SqliteRelativeTo(connectionString, mappingFolder)),
        SqlProvider.PostgreSql => new NpgsqlConnection(connectionString),
        SqlProvider.MySql => new MySqlConnection(connectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    private static string SqliteRelativeTo(string connectionString, string folder)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource.Length > 0 && builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
            builder.DataSource = Path.GetFullPath(Path.Combine(folder, builder.DataSource));
        return builder.ToString();
    }
}
