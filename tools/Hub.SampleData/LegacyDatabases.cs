using System.Data.Common;
using System.Globalization;
using Hub.Adapters.Sql;

namespace Hub.SampleData;

/// <summary>Where one department's legacy database goes.</summary>
/// <param name="Provider">Its engine.</param>
/// <param name="Connection">Its connection string (the database is created, or emptied, first).</param>
public sealed record LegacyTarget(SqlProvider Provider, string Connection);

/// <summary>
/// Creates and fills the four departments' legacy databases, each with its own schema, its own
/// column names and its own code tables, from a generated population: the household registry
/// (<c>HJ_RK</c>: GMSFHM, XM, XB, CSRQ …), civil affairs (<c>MZ_JT</c> families and <c>MZ_JTCY</c>
/// members), social security (<c>AC01</c>: AAC001, AAC002, AAC003, AAC004, AAC006 …) and grid
/// management (<c>WG_JM</c> residents and <c>WG_SJ</c> the events they report).
/// </summary>
public static class LegacyDatabases
{
    /// <summary>Every row's change time starts here and moves one second per row.</summary>
    public static readonly DateTime FirstChange = new(2025, 6, 1, 8, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Writes one department's database; returns the number of person rows.</summary>
    public static int Write(Population population, string department, LegacyTarget target)
    {
        using var connection = Open(target);
        var records = population.RecordsOf(department).ToList();
        return department switch
        {
            Departments.Household => WriteHousehold(connection, target.Provider, records),
            Departments.CivilAffairs => WriteCivilAffairs(connection, target.Provider, records),
            Departments.SocialSecurity => WriteSocialSecurity(connection, target.Provider, records),
            Departments.Grid => WriteGrid(connection, target.Provider, records, population.Options.Seed),
            _ => throw new ArgumentOutOfRangeException(nameof(department), department, "not a sample department"),
        };
    }

    /// <summary>The change time of the n-th row, in the column type of the provider (SQLite keeps text).</summary>
    public static object ChangeTime(SqlProvider provider, int n)
    {
        var time = FirstChange.AddSeconds(n);
        return provider == SqlProvider.Sqlite ? time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : time;
    }

    private static int WriteHousehold(DbConnection c, SqlProvider provider, List<DepartmentRecord> records)
    {
        Execute(c, $"""
            CREATE TABLE DM_XB (DM VARCHAR(2) PRIMARY KEY, MC VARCHAR(10) NOT NULL);
            CREATE TABLE HJ_RK (
                RYBH VARCHAR(20) PRIMARY KEY, GMSFHM VARCHAR(18), XM VARCHAR(50) NOT NULL, XB VARCHAR(1), CSRQ VARCHAR(8),
                MZ VARCHAR(2), HH VARCHAR(20), YHZGX VARCHAR(2), HJDZ VARCHAR(200), GXSJ {TimeType(provider)} NOT NULL);
            CREATE INDEX HJ_RK_GXSJ ON HJ_RK (GXSJ);
            INSERT INTO DM_XB (DM, MC) VALUES ('1', '男'), ('2', '女'), ('9', '未说明');
            """);
        var table = new LegacyTable(c, "HJ_RK", "RYBH", "GMSFHM", "XM", "XB", "CSRQ", "MZ", "HH", "YHZGX", "HJDZ", "GXSJ");
        var n = 0;
        foreach (var r in records)
            table.Add(r.LocalId, r.Raw.IdNumber, r.Raw.Name, r.Raw.Sex, r.Raw.BirthDate, r.Raw.Ethnicity, r.Raw.HouseholdId,
                r.Raw.Relationship, r.Raw.Address, ChangeTime(provider, n++));
        table.Complete();
        return table.Count;
    }

    private static int WriteCivilAffairs(DbConnection c, SqlProvider provider, List<DepartmentRecord> records)
    {
        Execute(c, $"""
            CREATE TABLE MZ_JT (JTBH VARCHAR(20) PRIMARY KEY, JTDZ VARCHAR(200), DBLX VARCHAR(20) NOT NULL, BZJE DECIMAL(10,2) NOT NULL,
                SPRQ VARCHAR(10), GXSJ {TimeType(provider)} NOT NULL);
            CREATE TABLE MZ_JTCY (CYBH VARCHAR(20) PRIMARY KEY, JTBH VARCHAR(20) NOT NULL REFERENCES MZ_JT (JTBH), XM VARCHAR(50) NOT NULL,
                XB VARCHAR(2), SFZH VARCHAR(18), CSRQ VARCHAR(12), MZ VARCHAR(20), LXDH VARCHAR(20), YHZGX VARCHAR(20),
                GXSJ {TimeType(provider)} NOT NULL);
            CREATE INDEX MZ_JTCY_GXSJ ON MZ_JTCY (GXSJ);
            """);
        var families = new LegacyTable(c, "MZ_JT", "JTBH", "JTDZ", "DBLX", "BZJE", "SPRQ", "GXSJ");
        var n = 0;
        foreach (var family in records.GroupBy(r => r.Raw.HouseholdId))
        {
            var id = family.Key;
            var low = int.Parse(id[2..], CultureInfo.InvariantCulture) % 3 == 0;
            families.Add(id, family.First().Raw.Address, low ? "低保" : "低边", low ? 850.00m * family.Count() : 425.00m * family.Count(),
                FirstChange.AddDays(-(n % 700)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ChangeTime(provider, n++));
        }
        families.Complete();
        var members = new LegacyTable(c, "MZ_JTCY", "CYBH", "JTBH", "XM", "XB", "SFZH", "CSRQ", "MZ", "LXDH", "YHZGX", "GXSJ");
        n = 0;
        foreach (var r in records)
            members.Add(r.LocalId, r.Raw.HouseholdId, r.Raw.Name, r.Raw.Sex, Empty(r.Raw.IdNumber), r.Raw.BirthDate, Empty(r.Raw.Ethnicity),
                Empty(r.Raw.Phone), r.Raw.Relationship, ChangeTime(provider, n++));
        members.Complete();
        return members.Count;
    }

    private static int WriteSocialSecurity(DbConnection c, SqlProvider provider, List<DepartmentRecord> records)
    {
        Execute(c, $"""
            CREATE TABLE AA10 (AAA100 VARCHAR(20) NOT NULL, AAA102 VARCHAR(10) NOT NULL, AAA103 VARCHAR(50) NOT NULL, PRIMARY KEY (AAA100, AAA102));
            CREATE TABLE AC01 (AAC001 BIGINT PRIMARY KEY, AAC002 VARCHAR(20), AAC003 VARCHAR(50) NOT NULL, AAC004 VARCHAR(1),
                AAC005 VARCHAR(2), AAC006 VARCHAR(12), AAE005 VARCHAR(20), AAC008 VARCHAR(1) NOT NULL, AAE036 {TimeType(provider)} NOT NULL);
            CREATE INDEX AC01_AAE036 ON AC01 (AAE036);
            INSERT INTO AA10 (AAA100, AAA102, AAA103) VALUES ('AAC004', '1', '男'), ('AAC004', '2', '女'),
                ('AAC008', '1', '参保缴费'), ('AAC008', '2', '暂停缴费'), ('AAC008', '4', '终止参保');
            """);
        var table = new LegacyTable(c, "AC01", "AAC001", "AAC002", "AAC003", "AAC004", "AAC005", "AAC006", "AAE005", "AAC008", "AAE036");
        var n = 0;
        foreach (var r in records)
        {
            // Local ids are "AC01:<AAC001>": the table name and the person number.
            var number = long.Parse(r.LocalId["AC01:".Length..], CultureInfo.InvariantCulture);
            table.Add(number, Empty(r.Raw.IdNumber), r.Raw.Name, r.Raw.Sex, Empty(r.Raw.Ethnicity), r.Raw.BirthDate, Empty(r.Raw.Phone),
                (number % 10) switch { 0 => "2", 1 => "4", _ => "1" }, ChangeTime(provider, n++));
        }
        table.Complete();
        return table.Count;
    }

    private static int WriteGrid(DbConnection c, SqlProvider provider, List<DepartmentRecord> records, int seed)
    {
        Execute(c, $"""
            CREATE TABLE WG_JM (JMID VARCHAR(20) PRIMARY KEY, WGBH VARCHAR(20) NOT NULL, XM VARCHAR(50) NOT NULL, XB VARCHAR(4),
                SFZH VARCHAR(18), CSNY VARCHAR(20), LXDH VARCHAR(20), JZDZ VARCHAR(200), GXSJ {TimeType(provider)} NOT NULL);
            CREATE INDEX WG_JM_GXSJ ON WG_JM (GXSJ);
            CREATE TABLE WG_SJ (SJID VARCHAR(20) PRIMARY KEY, JMID VARCHAR(20) NOT NULL, SJLX VARCHAR(20) NOT NULL, SJMS VARCHAR(200) NOT NULL,
                SBSJ {TimeType(provider)} NOT NULL, ZT VARCHAR(10) NOT NULL);
            CREATE INDEX WG_SJ_JMID ON WG_SJ (JMID);
            """);
        var residents = new LegacyTable(c, "WG_JM", "JMID", "WGBH", "XM", "XB", "SFZH", "CSNY", "LXDH", "JZDZ", "GXSJ");
        var events = new List<object?[]>();
        var random = new Random(seed);
        string[] kinds = ["路灯故障", "垃圾堆放", "道路破损", "邻里纠纷", "噪声扰民", "违章停车"];
        string[] states = ["已受理", "处理中", "已办结"];
        var n = 0;
        var e = 0;
        foreach (var r in records)
        {
            residents.Add(r.LocalId, GridNumber(r.Raw.Address),
                r.Raw.Name, r.Raw.Sex, Empty(r.Raw.IdNumber), r.Raw.BirthDate, Empty(r.Raw.Phone), r.Raw.Address, ChangeTime(provider, n++));
            for (var k = random.Next(-2, 3); k > 0; k--)
            {
                var kind = kinds[random.Next(kinds.Length)];
                events.Add([$"SJ{++e:D9}", r.LocalId, kind, $"{kind}：{r.Raw.Address}附近", ChangeTime(provider, -random.Next(1, 5_000_000)),
                    states[random.Next(states.Length)]]);
            }
        }
        residents.Complete();
        // One table at a time: a connection holds one transaction.
        var eventTable = new LegacyTable(c, "WG_SJ", "SJID", "JMID", "SJLX", "SJMS", "SBSJ", "ZT");
        foreach (var row in events)
            eventTable.Add(row);
        eventTable.Complete();
        return residents.Count;
    }

    // The grid cell a resident lives in: a stable number from the address's street part.
    private static string GridNumber(string address)
    {
        var street = address.Length > 8 ? address[..8] : address;
        var hash = 2166136261u;
        foreach (var ch in street)
            hash = (hash ^ ch) * 16777619u;
        return "WG" + (hash % 400).ToString("D4", CultureInfo.InvariantCulture);
    }

    private static DbConnection Open(LegacyTarget target)
    {
        if (target.Provider == SqlProvider.Sqlite)
        {
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(target.Connection).DataSource;
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(file + suffix);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        }
        else if (target.Provider == SqlProvider.PostgreSql)
            RecreatePostgres(target.Connection);
        else if (target.Provider == SqlProvider.MySql)
            RecreateMySql(target.Connection);
        var connection = SqlConnections.Create(target.Provider, target.Connection, Directory.GetCurrentDirectory());
        connection.Open();
        if (target.Provider == SqlProvider.Sqlite)
            Execute(connection, "PRAGMA journal_mode = WAL;");
        return connection;
    }

    private static void RecreatePostgres(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var database = builder.Database ?? throw new ArgumentException("the PostgreSQL connection names no Database");
        builder.Database = "postgres";
        builder.Pooling = false;
        using var admin = new Npgsql.NpgsqlConnection(builder.ToString());
        admin.Open();
        // Separate commands: PostgreSQL runs a multi-statement text in one transaction, and CREATE DATABASE refuses that.
        Execute(admin, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        Execute(admin, $"CREATE DATABASE \"{database}\" ENCODING 'UTF8' TEMPLATE template0");
    }

    private static void RecreateMySql(string connectionString)
    {
        var builder = new MySqlConnector.MySqlConnectionStringBuilder(connectionString);
        var database = builder.Database is { Length: > 0 } d ? d : throw new ArgumentException("the MySQL connection names no Database");
        builder.Database = "";
        using var admin = new MySqlConnector.MySqlConnection(builder.ToString());
        admin.Open();
        Execute(admin, $"DROP DATABASE IF EXISTS `{database}`; CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    }

    private static string TimeType(SqlProvider provider) => provider switch
    {
        SqlProvider.Sqlite => "TEXT",
        SqlProvider.PostgreSql => "TIMESTAMP",
        _ => "DATETIME(6)",
    };

    private static object? Empty(string value) => value.Length == 0 ? null : value;

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
