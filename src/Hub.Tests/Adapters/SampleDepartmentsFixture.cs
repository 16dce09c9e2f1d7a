using Google.Protobuf;
using Grpc.Net.Client;
using Hub.Contracts.V1;
using Hub.SampleData;
using Hub.Tests.Helpers;

namespace Hub.Tests.Adapters;

/// <summary>
/// A small generated population and a private PostgreSQL cluster, shared by the adapter tests;
/// each test writes the legacy databases it needs into a folder of its own.
/// </summary>
public sealed class SampleDepartmentsFixture : IDisposable
{
    private readonly Lazy<PrivatePostgres> _postgres = new(PrivatePostgres.Start);

    /// <summary>300 residents: about 300 household, 25 civil-affairs, 130 social-security and 120 grid records.</summary>
    public Population Population { get; } = new PopulationGenerator(new GeneratorOptions { Residents = 300, Seed = 11 }).Generate();

    /// <summary>The PostgreSQL cluster, started on first use.</summary>
    public PrivatePostgres Postgres => _postgres.Value;

    /// <summary>
    /// Writes the legacy databases (social security on PostgreSQL as database <paramref name="pgDatabase"/>,
    /// when given), the adapter configurations and the mappings into <paramref name="folder"/>.
    /// </summary>
    public void WriteLegacy(string folder, string? pgDatabase = null, params string[] departments)
    {
        foreach (var department in departments.Length > 0 ? departments : Departments.All)
        {
            var target = department == Departments.SocialSecurity && pgDatabase is not null
                ? new LegacyTarget(Hub.Adapters.Sql.SqlProvider.PostgreSql, Postgres.ConnectionString(pgDatabase))
                : new LegacyTarget(Hub.Adapters.Sql.SqlProvider.Sqlite, $"Data Source={Path.Combine(folder, department + ".db")};Pooling=false");
            LegacyDatabases.Write(Population, department, target);
        }
        MappingFiles.Write(Path.Combine(folder, "mappings"), Population);
        SampleAdapterFiles.Copy(folder, postgres: pgDatabase is not null);
    }

    /// <summary>Imports every mapping file of <paramref name="folder"/> into the hub.</summary>
    public static async Task ImportMappingsAsync(GrpcChannel hub, string folder)
    {
        var client = new DictionaryService.DictionaryServiceClient(hub);
        foreach (var file in Directory.GetFiles(Path.Combine(folder, "mappings"), "*.csv"))
        {
            var parts = Path.GetFileNameWithoutExtension(file).Split('.');
            var response = await client.ImportMappingsAsync(new ImportMappingsRequest
            {
                Department = parts[0], Dictionary = parts[1], CsvContent = ByteString.CopyFrom(await File.ReadAllBytesAsync(file)),
            }, deadline: Deadlines.Default());
            Assert.Empty(response.Errors);
        }
    }

    /// <summary>Renames a person in the household registry's legacy table (<c>HJ_RK</c>) and moves its change column forward.</summary>
    public static void RenameInHousehold(string folder, string localId, string name)
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(folder, "household.db")};Pooling=false");
        db.Open();
        using var update = db.CreateCommand();
        update.CommandText = "UPDATE HJ_RK SET XM = $name, GXSJ = '2030-01-01 00:00:00' WHERE RYBH = $id";
        update.Parameters.AddWithValue("$name", name);
        update.Parameters.AddWithValue("$id", localId);
        Assert.Equal(1, update.ExecuteNonQuery());
    }

    /// <summary>The adapter's committed checkpoint at the hub, or 0.</summary>
    public static async Task<long> CommittedAsync(GrpcChannel hub, string adapterId)
    {
        var list = await new AdapterRegistryService.AdapterRegistryServiceClient(hub).ListAdaptersAsync(new ListAdaptersRequest(), deadline: Deadlines.Default());
        return list.Adapters.FirstOrDefault(a => a.AdapterId == adapterId)?.LastCommittedSequence ?? 0;
    }

    /// <summary>
    /// Looks <paramref name="record"/> up until it resolves (up to 10 s): the committed sequence moves with the source
    /// commit, and the identity step of that batch ends just before its acks, so the last records may need a moment.
    /// </summary>
    public static async Task<LookupResidentResponse> LookupEventuallyAsync(ResidentService.ResidentServiceClient residents, DepartmentRecord record)
    {
        var request = new LookupResidentRequest { SourceRef = new SourceRef { Department = record.Department, LocalId = record.LocalId } };
        LookupResidentResponse? found = null;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                found = await residents.LookupResidentAsync(request, deadline: Deadlines.Default());
                return true;
            }
            catch (global::Grpc.Core.RpcException e) when (e.StatusCode == global::Grpc.Core.StatusCode.NotFound)
            {
                return false;
            }
        }, $"{record.Department}:{record.LocalId} resolves", TimeSpan.FromSeconds(10));
        return found!;
    }

    public void Dispose()
    {
        if (_postgres.IsValueCreated)
            _postgres.Value.Dispose();
    }
}
