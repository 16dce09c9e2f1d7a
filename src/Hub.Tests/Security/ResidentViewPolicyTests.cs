using Hub.Contracts.V1;
using Hub.Tests.Federation;
using Hub.Tests.Helpers;

namespace Hub.Tests.Security;

/// <summary>The federated resident view through a real hub and real adapter hosts, for a consumer with a narrow policy.</summary>
public sealed class ResidentViewPolicyTests
{
    [Fact]
    public async Task GetResident_Consumer_NeverReceivesAFieldOrFacetOutsideItsPolicy_AndTheReadIsRecorded()
    {
        await using var kit = await FederationKit.StartAsync();
        foreach (var department in FederationKit.Departments)
            await kit.StartHostAsync(department);
        var policy = new CallerPolicy
        {
            Caller = "assistance-office", Purposes = { "social-assistance-review" }, Rpcs = { "hub.v1.ResidentService/GetResident" },
            Departments = { "civil-affairs", "health" }, Fields = { "civil-affairs.*", "health.status" },
        };
        var channel = await new AccessKit(kit.Hub).ChannelAsync(policy);

        var view = await new ResidentService.ResidentServiceClient(channel).GetResidentAsync(
            new GetResidentRequest { ResidentId = kit.ResidentId, Purpose = "social-assistance-review" }, deadline: Deadlines.Default());

        Assert.Equal("330802********0020", view.Resident.IdNumber);
        Assert.True(view.Resident.IdNumberMasked);
        Assert.All(view.Resident.Contacts, c => Assert.True(c.Masked && c.Value.Contains('*'), c.Value));
        Assert.Equal(["civil-affairs", "health"], view.Facets.Where(f => f.Status == FacetStatus.Ok).Select(f => f.Department));
        Assert.All(view.Facets.Where(f => f.Department is "household" or "social-security"), f =>
        {
            Assert.Equal(FacetStatus.Denied, f.Status);
            Assert.Empty(f.Fields);
        });
        Assert.Equal(["amount", "since", "status"], FederationKit.FacetOf(view, "civil-affairs").Fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["status"], FederationKit.FacetOf(view, "health").Fields.Keys);

        var entries = await new AuditService.AuditServiceClient(kit.Hub.Channel).ListAccessAsync(
            new ListAccessRequest { ResidentId = kit.ResidentId }, deadline: Deadlines.Default());
        var entry = Assert.Single(entries.Entries, e => e.Caller == "assistance-office");
        Assert.Equal(view.RequestId, entry.RequestId);
        Assert.Equal("social-assistance-review", entry.Purpose);
        Assert.Equal(["civil-affairs", "health"], entry.Facets);
        Assert.Contains("health.status", entry.Fields);
        Assert.Contains("core.id_number:masked", entry.Fields);
        Assert.DoesNotContain("health.amount", entry.Fields);
        Assert.DoesNotContain(entry.Fields, f => f.StartsWith("household.", StringComparison.Ordinal));
    }
}
