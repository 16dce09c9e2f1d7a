using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;

namespace Hub.Tests.Cases;

/// <summary>SubmitCase through a real hub: channels, normalised locations, idempotency and bad input.</summary>
public sealed class CaseIntakeTests
{
    [Fact]
    public async Task SubmitCase_GridWorkerWithAddress_ReportedWithDivisionAndChannel()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new CaseService.CaseServiceClient(hub.Channel);

        var response = await client.SubmitCaseAsync(CaseKit.Streetlight(), deadline: Deadlines.Default());

        var c = response.Case;
        Assert.True(response.Created);
        Assert.Equal(CaseState.Reported, c.State);
        Assert.Equal(1, c.Version);
        Assert.Equal(CaseChannel.GridApp, c.Channel);
        Assert.Equal("路灯故障", c.Category.Label);
        Assert.StartsWith("330802", c.DivisionCode);
        Assert.Equal(12, c.DivisionCode.Length);
        Assert.Equal("新桥路", c.Location.Address.Road);
        Assert.NotNull(c.StageDeadline);
        var read = (await client.GetCaseAsync(new GetCaseRequest { CaseId = c.CaseId }, deadline: Deadlines.Default())).Case;
        Assert.Equal(c, read);
    }

    [Fact]
    public async Task SubmitCase_CounterForResidentWithoutPhone_PointOnlyAndPartyByIdNumber()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new CaseService.CaseServiceClient(hub.Channel);
        var request = new SubmitCaseRequest
        {
            RequestId = "counter-0001",
            Channel = CaseChannel.Counter,
            CategoryCode = "0502",
            Description = "独居老人家中无取暖设备",
            Location = new CaseLocation { Point = new GeoPoint { Latitude = 28.97, Longitude = 118.87 } },
            Parties = { new CaseParty { Role = PartyRole.Requester, Name = "王大爷", Resident = new ResidentRef { IdNumber = "330802 19400101 0018" } } },
            Reporter = new CaseReporter { Kind = ReporterKind.CounterStaff, StaffId = "C-7", Department = "civil-affairs" },
        };

        var c = await CaseKit.SubmitAsync(client, request);

        Assert.Equal(CaseChannel.Counter, c.Channel);
        Assert.Equal("", c.DivisionCode);
        Assert.Equal(28.97, c.Location.Point.Latitude);
        // The person is not (yet) known to the hub: the normalised number is kept, no resident id invented.
        Assert.Equal("", c.Parties[0].ResidentId);
        Assert.Equal("330802194001010018", c.Parties[0].Resident.IdNumber);
    }

    [Fact]
    public async Task SubmitCase_SameRequestIdSameContent_SameCaseOnce()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new CaseService.CaseServiceClient(hub.Channel);
        var request = CaseKit.Streetlight("retry-1");

        var first = await client.SubmitCaseAsync(request, deadline: Deadlines.Default());
        var again = await client.SubmitCaseAsync(request, deadline: Deadlines.Default());

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.Case.CaseId, again.Case.CaseId);
        var all = await client.ListCasesAsync(new ListCasesRequest(), deadline: Deadlines.Default());
        Assert.Single(all.Cases);
    }

    [Fact]
    public async Task SubmitCase_SameRequestIdOtherContent_AlreadyExists()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new CaseService.CaseServiceClient(hub.Channel);
        await CaseKit.SubmitAsync(client, CaseKit.Streetlight("reused"));
        var other = CaseKit.Streetlight("reused");
        other.Description = "另一件事";

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await client.SubmitCaseAsync(other, deadline: Deadlines.Default()));

        Assert.Equal(StatusCode.AlreadyExists, ex.StatusCode);
    }

    [Fact]
    public async Task SubmitCase_BadInput_InvalidArgumentNamingEveryField()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new CaseService.CaseServiceClient(hub.Channel);
        var request = new SubmitCaseRequest
        {
            CategoryCode = "9999",
            Location = new CaseLocation { Point = new GeoPoint { Latitude = 95, Longitude = 118 } },
            Parties = { new CaseParty { Role = PartyRole.Subject } },
        };

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await client.SubmitCaseAsync(request, deadline: Deadlines.Default()));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var fields = CaseKit.Violations(ex);
        foreach (var field in new[] { "request_id", "channel", "category_code", "description", "location.point.latitude", "parties[0].name" })
            Assert.Contains(field, fields);
    }

    [Fact]
    public async Task SubmitCase_MalformedIdNumber_InvalidArgumentOnTheParty()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new CaseService.CaseServiceClient(hub.Channel);
        var request = CaseKit.Streetlight();
        request.Parties.Add(new CaseParty { Role = PartyRole.Requester, Resident = new ResidentRef { IdNumber = "330802194001010011" } });

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await client.SubmitCaseAsync(request, deadline: Deadlines.Default()));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("parties[0].resident.id_number", CaseKit.Violations(ex));
    }

    [Fact]
    public async Task ListCases_Filters_ByCategoryDivisionAndChannel()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new CaseService.CaseServiceClient(hub.Channel);
        var light = await CaseKit.SubmitAsync(client, CaseKit.Streetlight());
        var noise = CaseKit.Streetlight(category: "0303");
        noise.Channel = CaseChannel.Hotline;
        var noisy = await CaseKit.SubmitAsync(client, noise);

        var byCategory = await client.ListCasesAsync(new ListCasesRequest { CategoryCode = "01" }, deadline: Deadlines.Default());
        var byChannel = await client.ListCasesAsync(new ListCasesRequest { Channel = CaseChannel.Hotline }, deadline: Deadlines.Default());
        var byDivision = await client.ListCasesAsync(new ListCasesRequest { DivisionCodePrefix = "330803" }, deadline: Deadlines.Default());

        Assert.Equal([light.CaseId], byCategory.Cases.Select(c => c.CaseId));
        Assert.Equal([noisy.CaseId], byChannel.Cases.Select(c => c.CaseId));
        Assert.Empty(byDivision.Cases);
    }
}
