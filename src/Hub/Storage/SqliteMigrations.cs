namespace Hub.Storage;

/// <summary>The SQLite schema, as an append-only list of steps. Add new steps at the end.</summary>
internal static class SqliteMigrations
{
    public static readonly IReadOnlyList<Migration> All =
    [
        new(1, "hub instance facts", """
            CREATE TABLE hub_info (
                key   TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL
            ) STRICT;
            INSERT INTO hub_info (key, value) VALUES ('instance_id', lower(hex(randomblob(16))));
            INSERT INTO hub_info (key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
            """),
    ];
}
