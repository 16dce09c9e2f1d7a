using Google.Rpc;
using Grpc.Core;
using Hub.Contracts.V1;
using Hub.FacetAdapter;
using Hub.Tests.Helpers;

namespace Hub.Tests.Federation;

public sealed class GetResidentTests
{
    [Fact]
    public async Task GetResident_FourHealthyAdapters_CoreIdentityAndEveryFacetOk()
    {
        await using var kit = await FederationKit.StartAsync();
        foreach (var department in FederationKit.Departments)
            await kit.StartHostAsync(department);

        var response = await kit.ReadAsync();

        Assert.Equal(kit.ResidentId, response.Resident.ResidentId);
        Assert.Equal("王芳", response.Resident.Name);
        // The test hub's admin is granted ID numbers and phones; masking per policy: Security/ResidentViewPolicyTests.
        Assert.Equal("330802198503120020", response.Resident.IdNumber);
        Assert.False(response.Resident.IdNumberMasked);
        Assert.Equal(new Date { Year = 1985, Month = 3, Day = 12 }, response.Resident.BirthDate);
        Assert.Equal("2", response.Resident.Sex.Code);
        Assert.Equal(4, response.Resident.SourceRefs.Count);
        var phone = Assert.Single(response.Resident.Contacts);
        Assert.Equal("+8613812345678", phone.Value);
        Assert.False(phone.Masked);
        Assert.NotEmpty(response.RequestId);

        Assert.Equal(FederationKit.Departments, response.Facets.Select(f => f.Department));
        foreach (var facet in response.Facets)
        {
            Assert.Equal(FacetStatus.Ok, facet.Status);
            Assert.Equal(facet.Department + "-active", facet.Fields["status"].Text);
            Assert.Equal(12345, facet.Fields["amount"].Integer);
            Assert.Equal(new Date { Year = 2020, Month = 1, Day = 2 }, facet.Fields["since"].Date);
            Assert.True(facet.Latency.ToTimeSpan() > TimeSpan.Zero);
            Assert.Equal(FederationKit.LocalId(facet.Department), Assert.Single(facet.SourceRefs).LocalId);
        }
        // The hub's view of each adapter: breaker closed, latency of its calls recorded.
        foreach (var department in FederationKit.Departments)
        {
            var adapter = await kit.AdapterAsync(department);
            Assert.Equal(BreakerState.Closed, adapter.BreakerState);
            Assert.True(adapter.LatencyP50.ToTimeSpan() > TimeSpan.Zero);
            Assert.True(adapter.LatencyP99.ToTimeSpan() >= adapter.LatencyP50.ToTimeSpan());
        }
    }

    [Fact]
    public async Task GetResident_ByIdNumberAndBySourceRef_SameResident()
    {
        await using var kit = await FederationKit.StartAsync();
        await kit.StartHostAsync("health");

        var byId = await kit.Residents.GetResidentAsync(new GetResidentRequest { IdNumber = "330802198503120020", Purpose = "care" },
            deadline: Deadlines.Default());
        var bySource = await kit.Residents.GetResidentAsync(new GetResidentRequest
        {
            SourceRef = new SourceRef { Department = "household", LocalId = FederationKit.LocalId("household") }, Purpose = "care",
        }, new Metadata { { "x-request-id", "req-42" } }, deadline: Deadlines.Default());

        Assert.Equal(kit.ResidentId, byId.Resident.ResidentId);
        Assert.Equal(kit.ResidentId, bySource.Resident.ResidentId);
        Assert.Equal("req-42", bySource.RequestId);
        // Only health serves facets; the other linked departments have no adapter to ask.
        Assert.Equal(FacetStatus.Ok, FederationKit.FacetOf(byId, "health").Status);
        var household = FederationKit.FacetOf(byId, "household");
        Assert.Equal(FacetStatus.Unavailable, household.Status);
        Assert.Contains("no adapter", household.StatusDetail);
    }

    [Fact]
    public async Task GetResident_SelectedDepartmentsAndFields_OnlyThoseAsked()
    {
        await using var kit = await FederationKit.StartAsync();
        await kit.StartHostAsync("health");
        await kit.StartHostAsync("household");

        var response = await kit.Residents.GetResidentAsync(new GetResidentRequest
        {
            ResidentId = kit.ResidentId, Purpose = "care", Departments = { "health" }, Fields = { "health.status", "health.unknown_field" },
        }, deadline: Deadlines.Default());

        var facet = Assert.Single(response.Facets);
        Assert.Equal("health", facet.Department);
        Assert.Equal(FacetStatus.Ok, facet.Status);
        Assert.Equal(["status"], facet.Fields.Keys);
    }

    [Fact]
    public async Task GetResident_FieldsWithoutDepartments_ReadOnlyTheDepartmentsTheyName()
    {
        await using var kit = await FederationKit.StartAsync();
        await kit.StartHostAsync("health");
        await kit.StartHostAsync("household");

        var response = await kit.Residents.GetResidentAsync(new GetResidentRequest
        {
            ResidentId = kit.ResidentId, Purpose = "care", Fields = { "household.amount" },
        }, deadline: Deadlines.Default());

        var facet = Assert.Single(response.Facets);
        Assert.Equal("household", facet.Department);
        Assert.Equal(["amount"], facet.Fields.Keys);
    }

    [Fact]
    public async Task GetResident_DepartmentWithoutRecord_NotLinkedWithoutAsking()
    {
        await using var kit = await FederationKit.StartAsync();
        var database = new FacetDatabase(kit.DatabaseOf("grid"));
        await database.CreateAsync();
        await using var grid = await FacetAdapterHost.StartAsync(new AdapterSettings
        {
            Department = "grid", AdapterId = "grid-facets", Database = database.Path, HubUrl = kit.Hub.Address.ToString(), ApiKey = TestHub.AdminKey,
        });

        var response = await kit.ReadAsync();

        var facet = FederationKit.FacetOf(response, "grid");
        Assert.Equal(FacetStatus.NotLinked, facet.Status);
        Assert.Equal(TimeSpan.Zero, facet.Latency.ToTimeSpan());
        Assert.Empty(facet.SourceRefs);
    }

    [Fact]
    public async Task GetResident_DepartmentRefusesPurpose_Denied()
    {
        await using var kit = await FederationKit.StartAsync();
        await kit.StartHostAsync("health");

        var response = await kit.ReadAsync(purpose: "marketing");

        var facet = FederationKit.FacetOf(response, "health");
        Assert.Equal(FacetStatus.Denied, facet.Status);
        Assert.Contains("marketing", facet.StatusDetail);
        Assert.Empty(facet.Fields);
    }

    [Fact]
    public async Task GetResident_UnknownResident_NotFound()
    {
        await using var kit = await FederationKit.StartAsync();

        var ex = await FederationKit.FailsAsync(() => kit.Residents.GetResidentAsync(
            new GetResidentRequest { ResidentId = "R-nobody", Purpose = "care" }, deadline: Deadlines.Default()).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task GetResident_BadInput_InvalidArgumentNamingEachField()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new ResidentService.ResidentServiceClient(hub.Channel);

        var ex = await FederationKit.FailsAsync(() => client.GetResidentAsync(new GetResidentRequest
        {
            IdNumber = "330802198503120021", Departments = { "Health!" }, Fields = { "health", "grid.status" },
        }, deadline: Deadlines.Default()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var fields = ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field).ToList();
        Assert.Equal(["id_number", "purpose", "departments[0]", "fields[0]", "fields[1]"], fields);
    }

    [Fact]
    public async Task GetResident_NoKey_InvalidArgument()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new ResidentService.ResidentServiceClient(hub.Channel);

        var ex = await FederationKit.FailsAsync(() => client.GetResidentAsync(new GetResidentRequest { Purpose = "care" },
            deadline: Deadlines.Default()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("key", Assert.Single(ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
    }
}
