using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Hub.Contracts.V1;
using Hub.FacetAdapter;

namespace Hub.Bench.Scenarios;

/// <summary>
/// Shared set-up of the federation scenarios: N residents, each with a record in four departments,
/// and four adapter hosts (in this process, on loopback, registered with the hub) serving each
/// department's facets from a SQLite file of their own. Built once, by whichever scenario runs first.
/// </summary>
public sealed class FederationSetup(int residents) : IAsyncDisposable
{
    public static readonly string[] Departments = ["civil-affairs", "health", "household", "social-security"];

    /// <summary>The department whose adapter <c>resident-view-dead</c> kills.</summary>
    public const string DeadDepartment = "health";

    /// <summary>The key the adapter hosts register with (the hub needs credentials on every call).</summary>
    public string ApiKey { get; set; } = "";

    private static readonly TimeSpan SetupDeadline = TimeSpan.FromMinutes(10);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hub-bench-federation", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, FacetAdapterHost> _hosts = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _ready;

    /// <summary>Resident ids, by index.</summary>
    public string[] ResidentIds { get; private set; } = [];

    /// <summary>Clients straight to each adapter, for measuring the adapters alone.</summary>
    public IReadOnlyList<(string Department, DepartmentAdapterService.DepartmentAdapterServiceClient Client)> AdapterClients { get; private set; } = [];

    public static string LocalId(string department, int i) => department[..2] + "-" + i.ToString("D7", CultureInfo.InvariantCulture);

    public async Task EnsureAsync(GrpcChannel hub, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_ready)
                return;
            Directory.CreateDirectory(_folder);
            ResidentIds = await PushAsync(hub, cancellationToken);
            var clients = new List<(string, DepartmentAdapterService.DepartmentAdapterServiceClient)>();
            foreach (var department in Departments)
            {
                var database = new FacetDatabase(Path.Combine(_folder, department + ".db"));
                await database.CreateAsync(cancellationToken);
                await database.PutFieldAsync("status", "状态", "text", cancellationToken: cancellationToken);
                await database.PutFieldAsync("since", "起始日期", "date", cancellationToken: cancellationToken);
                await database.PutFieldAsync("amount", "金额（分）", "integer", cancellationToken: cancellationToken);
                for (var i = 0; i < residents; i++)
                {
                    await database.PutValueAsync(LocalId(department, i), "status", "active", cancellationToken);
                    await database.PutValueAsync(LocalId(department, i), "since", "2020-01-02", cancellationToken);
                    await database.PutValueAsync(LocalId(department, i), "amount", (i * 7).ToString(CultureInfo.InvariantCulture), cancellationToken);
                }
                var host = await FacetAdapterHost.StartAsync(new AdapterSettings
                {
                    Department = department, AdapterId = "bench-" + department, Database = database.Path,
                    HubUrl = "http://" + hub.Target, ApiKey = ApiKey,
                }, cancellationToken);
                _hosts[department] = host;
                clients.Add((department, new DepartmentAdapterService.DepartmentAdapterServiceClient(GrpcChannel.ForAddress(host.Address))));
            }
            AdapterClients = clients;
            _ready = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops one department's adapter, as if its system went down.</summary>
    public async Task KillAsync(string department)
    {
        if (_hosts.Remove(department, out var host))
            await host.DisposeAsync();
    }

    private async Task<string[]> PushAsync(GrpcChannel channel, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetUtcNow().UtcDateTime + SetupDeadline;
        var ids = new string[residents];
        foreach (var department in Departments)
        {
            var adapter = "bench-ingest-" + department;
            var registered = await new AdapterRegistryService.AdapterRegistryServiceClient(channel).RegisterAsync(new RegisterRequest
            {
                Department = department, AdapterId = adapter, Version = "1", Capabilities = { AdapterCapability.IngestResidents },
            }, deadline: deadline, cancellationToken: cancellationToken);
            var first = registered.LastCommittedSequence + 1;
            using var call = new IngestService.IngestServiceClient(channel).Push(deadline: deadline, cancellationToken: cancellationToken);
            var writer = Task.Run(async () =>
            {
                for (var i = 0; i < residents; i++)
                {
                    await call.RequestStream.WriteAsync(new PushRequest
                    {
                        AdapterId = adapter,
                        Record = new IngestRecord
                        {
                            Sequence = first + i, Kind = RecordKind.Resident,
                            SourceRef = new SourceRef { Department = department, LocalId = LocalId(department, i) },
                            Person = LookupSourceScenario.Person(i),
                        },
                    }, cancellationToken);
                }
                await call.RequestStream.CompleteAsync();
            }, cancellationToken);
            while (await call.ResponseStream.MoveNext(cancellationToken))
            {
                var ack = call.ResponseStream.Current;
                var i = (int)(ack.Sequence - first);
                if (ack.Status != IngestStatus.Accepted || ack.ResidentId.Length == 0)
                    throw new InvalidOperationException($"federation setup: {LocalId(department, i)} acked {ack.Status} '{ack.Reason}'");
                if (ids[i] is null)
                    ids[i] = ack.ResidentId;
                else if (ids[i] != ack.ResidentId)
                    throw new InvalidOperationException($"federation setup: {LocalId(department, i)} linked to {ack.ResidentId}, not {ids[i]}");
            }
            await writer;
        }
        return ids;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts.Values)
            await host.DisposeAsync();
        _hosts.Clear();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
