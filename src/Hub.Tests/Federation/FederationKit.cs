using Grpc.Core;
using Hub.Contracts.V1;
using Hub.FacetAdapter;
using Hub.Tests.Helpers;
using Hub.Tests.Identity.Lifecycle;

namespace Hub.Tests.Federation;

/// <summary>
/// A real hub and one resident known to four departments, each with a SQLite file of facet data for
/// an adapter host to serve. The test decides how each adapter runs (in this process, as a process, or not at all).
/// </summary>
public sealed class FederationKit : IAsyncDisposable
{
    /// <summary>The departments, in code order.</summary>
    public static readonly string[] Departments = ["civil-affairs", "health", "household", "social-security"];

    /// <summary>The resident's valid ID number (born 1985-03-12, female).</summary>
    public const string IdNumber = "330802198503120020";

    private readonly TempFolder _folder = new();
    private readonly List<IAsyncDisposable> _adapters = [];

    private FederationKit(TestHub hub) => Hub = hub;

    public TestHub Hub { get; }

    public string ResidentId { get; private set; } = "";

    public ResidentService.ResidentServiceClient Residents => new(Hub.Channel);

    public AdapterRegistryService.AdapterRegistryServiceClient Registry => new(Hub.Channel);

    /// <summary>Starts a hub with <paramref name="settings"/>, pushes the resident's record in every department and writes each department's facet file.</summary>
    public static async Task<FederationKit> StartAsync(params string[] settings)
    {
        var hub = await TestHub.StartAsync(["--Hub:Federation:RegistryRefresh=00:00:00.05", .. settings]);
        var kit = new FederationKit(hub);
        try
        {
            var people = new IdentityKit(hub.Channel);
            foreach (var department in Departments)
            {
                var ack = await people.PushAsync(department, LocalId(department), IdentityKit.Person("王芳", IdNumber, "1985-03-12", "2", "138-1234-5678"));
                kit.ResidentId = ack.ResidentId;
                var database = new FacetDatabase(kit.DatabaseOf(department));
                await database.CreateAsync();
                await database.PutFieldAsync("status", "状态", "text");
                await database.PutFieldAsync("since", "起始日期", "date");
                await database.PutFieldAsync("amount", "金额（分）", "integer");
                await database.PutValueAsync(LocalId(department), "status", department + "-active");
                await database.PutValueAsync(LocalId(department), "since", "2020-01-02");
                await database.PutValueAsync(LocalId(department), "amount", "12345");
            }
            return kit;
        }
        catch
        {
            await kit.DisposeAsync();
            throw;
        }
    }

    public static string LocalId(string department) => department + "-0001";

    public static string AdapterId(string department) => department + "-facets";

    public string DatabaseOf(string department) => Path.Combine(_folder.Path, department + ".db");

    /// <summary>Runs the department's adapter in this process; its Delay can be changed while it runs.</summary>
    public async Task<FacetAdapterHost> StartHostAsync(string department, string url = "http://127.0.0.1:0")
    {
        var host = await FacetAdapterHost.StartAsync(new AdapterSettings
        {
            Department = department, AdapterId = AdapterId(department), Database = DatabaseOf(department), HubUrl = Hub.Address.ToString(),
            Url = url, DeniedPurposes = ["marketing"], ApiKey = TestHub.AdminKey,
        });
        _adapters.Add(host);
        return host;
    }

    /// <summary>Runs the department's adapter as a process of its own.</summary>
    public async Task<AdapterProcess> StartProcessAsync(string department, string url = "http://127.0.0.1:0")
    {
        var process = await AdapterProcess.StartAsync(department, AdapterId(department), DatabaseOf(department), Hub.Address.ToString(), url);
        _adapters.Add(process);
        return process;
    }

    /// <summary>GetResident by resident id for a purpose, with a generous caller deadline.</summary>
    public async Task<GetResidentResponse> ReadAsync(string purpose = "social-assistance-review", TimeSpan? deadline = null) =>
        await Residents.GetResidentAsync(new GetResidentRequest { ResidentId = ResidentId, Purpose = purpose },
            deadline: Deadlines.In(deadline ?? TimeSpan.FromSeconds(30)));

    public async Task<AdapterInfo> AdapterAsync(string department) =>
        (await Registry.ListAdaptersAsync(new ListAdaptersRequest { Department = department }, deadline: Deadlines.Default()))
        .Adapters.Single(a => a.AdapterId == AdapterId(department));

    public static Facet FacetOf(GetResidentResponse response, string department) => response.Facets.Single(f => f.Department == department);

    public static async Task<RpcException> FailsAsync(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);

    public async ValueTask DisposeAsync()
    {
        foreach (var adapter in _adapters)
            await adapter.DisposeAsync();
        await Hub.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
