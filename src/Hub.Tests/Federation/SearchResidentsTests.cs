using Google.Rpc;
using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;
using Hub.Tests.Identity.Lifecycle;

namespace Hub.Tests.Federation;

public sealed class SearchResidentsTests
{
    private static async Task<(TestHub Hub, Dictionary<string, string> Residents)> StartAsync()
    {
        var hub = await TestHub.StartAsync();
        var kit = new IdentityKit(hub.Channel);
        var residents = new Dictionary<string, string>
        {
            ["wang"] = (await kit.PushAsync("household", "h1", IdentityKit.Person("王芳", "330802198503120020", "1985-03-12", "2", "13812345678"))).ResidentId,
            // Same reading in pinyin, another person (different ID number).
            ["wang2"] = (await kit.PushAsync("household", "h2", IdentityKit.Person("汪芳", "330802198503120046", "1985-03-12", "2"))).ResidentId,
            ["li"] = (await kit.PushAsync("household", "h3", IdentityKit.Person("李强", "330802196002150013", "1960-02-15", "1", "13812345678"))).ResidentId,
            ["zhang"] = (await kit.PushAsync("household", "h4", IdentityKit.Person("张伟", "330802199001010012", "1990-01-01", "1", "13900000000"))).ResidentId,
        };
        return (hub, residents);
    }

    [Fact]
    public async Task SearchResidents_NameAndBirthDate_ExactAndPinyinHitsWithReasons()
    {
        var (hub, residents) = await StartAsync();
        await using var _ = hub;
        var client = new ResidentService.ResidentServiceClient(hub.Channel);

        var response = await client.SearchResidentsAsync(new SearchResidentsRequest
        {
            NameQuery = new ResidentNameQuery { Name = "王 芳", BirthDate = new Date { Year = 1985, Month = 3, Day = 12 } }, Purpose = "care",
        }, deadline: Deadlines.Default());

        Assert.Equal([residents["wang"], residents["wang2"]], response.Hits.Select(h => h.ResidentId));
        Assert.Equal([MatchReason.NameExact, MatchReason.BirthDateExact], response.Hits[0].MatchReasons);
        Assert.Equal([MatchReason.NamePinyin, MatchReason.BirthDateExact], response.Hits[1].MatchReasons);
        Assert.Equal("王芳", response.Hits[0].Name);
        Assert.Equal(1985, response.Hits[0].BirthDate.Year);
        Assert.True(response.Hits[0].Score > response.Hits[1].Score);
        Assert.Empty(response.NextPageToken);
        Assert.NotEmpty(response.RequestId);
    }

    [Fact]
    public async Task SearchResidents_YearOnly_MatchesToThatPrecision()
    {
        var (hub, residents) = await StartAsync();
        await using var _ = hub;
        var client = new ResidentService.ResidentServiceClient(hub.Channel);

        var hit = await client.SearchResidentsAsync(new SearchResidentsRequest
        {
            NameQuery = new ResidentNameQuery { Name = "李强", BirthDate = new Date { Year = 1960 } }, Purpose = "care",
        }, deadline: Deadlines.Default());
        var miss = await client.SearchResidentsAsync(new SearchResidentsRequest
        {
            NameQuery = new ResidentNameQuery { Name = "李强", BirthDate = new Date { Year = 1961 } }, Purpose = "care",
        }, deadline: Deadlines.Default());

        Assert.Equal(residents["li"], Assert.Single(hit.Hits).ResidentId);
        Assert.Empty(miss.Hits);
    }

    [Fact]
    public async Task SearchResidents_Phone_EveryResidentWithThatNumber_Paged()
    {
        var (hub, residents) = await StartAsync();
        await using var _ = hub;
        var client = new ResidentService.ResidentServiceClient(hub.Channel);

        var first = await client.SearchResidentsAsync(new SearchResidentsRequest { Phone = "+86 138-1234-5678", Purpose = "care", PageSize = 1 },
            deadline: Deadlines.Default());
        Assert.NotEmpty(first.NextPageToken);
        var second = await client.SearchResidentsAsync(new SearchResidentsRequest
        {
            Phone = "+86 138-1234-5678", Purpose = "care", PageSize = 1, PageToken = first.NextPageToken,
        }, deadline: Deadlines.Default());

        var found = first.Hits.Concat(second.Hits).ToList();
        Assert.Equal(new[] { residents["wang"], residents["li"] }.Order(), found.Select(h => h.ResidentId).Order());
        Assert.All(found, h => Assert.Equal([MatchReason.PhoneExact], h.MatchReasons));
        Assert.Empty(second.NextPageToken);
    }

    [Fact]
    public async Task SearchResidents_BadInput_InvalidArgumentWithFieldViolations()
    {
        await using var hub = await TestHub.StartAsync();
        var client = new ResidentService.ResidentServiceClient(hub.Channel);

        async Task<List<string>> ViolationsOf(SearchResidentsRequest request)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => client.SearchResidentsAsync(request, deadline: Deadlines.Default()).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
            return ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field).ToList();
        }

        Assert.Equal(["purpose", "name_query.name", "name_query.birth_date.year"],
            await ViolationsOf(new SearchResidentsRequest { NameQuery = new ResidentNameQuery { Name = " " } }));
        Assert.Equal(["name_query.birth_date"], await ViolationsOf(new SearchResidentsRequest
        {
            Purpose = "care", NameQuery = new ResidentNameQuery { Name = "王芳", BirthDate = new Date { Year = 1985, Month = 2, Day = 30 } },
        }));
        Assert.Equal(["phone"], await ViolationsOf(new SearchResidentsRequest { Purpose = "care", Phone = "12-34" }));
        Assert.Equal(["query"], await ViolationsOf(new SearchResidentsRequest { Purpose = "care" }));
        Assert.Equal(["page_token"], await ViolationsOf(new SearchResidentsRequest { Purpose = "care", Phone = "13812345678", PageToken = "garbage" }));
    }
}
