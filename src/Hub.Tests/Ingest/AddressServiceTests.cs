using Google.Rpc;
using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;

namespace Hub.Tests.Ingest;

/// <summary>AddressService over gRPC, and the standard-address registry fed by ingest.</summary>
public sealed class AddressServiceTests : IAsyncLifetime
{
    private TestHub _hub = null!;
    private AddressService.AddressServiceClient _client = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        _client = new AddressService.AddressServiceClient(_hub.Channel);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private async Task<Address> NormalizeAsync(string text, string defaultCode = "") =>
        (await _client.NormalizeAddressAsync(new NormalizeAddressRequest { Text = text, DefaultDivisionCode = defaultCode },
            deadline: Deadlines.Default())).Address;

    [Fact]
    public async Task NormalizeAddress_FormalText_AllComponentsWithTownshipCode()
    {
        var a = await NormalizeAsync("浙江省衢州市柯城区府山街道新桥路12号3幢2单元301室");

        Assert.Equal("330802006000", a.DivisionCode);
        Assert.Equal(Hub.Contracts.V1.DivisionLevel.Township, a.DivisionLevel);
        Assert.Equal(("浙江省", "衢州市", "柯城区", "府山街道"), (a.Province, a.City, a.County, a.Township));
        Assert.Equal(("新桥路", "12", "3", "2", "301"), (a.Road, a.RoadNumber, a.Building, a.Unit, a.Room));
        Assert.Equal("浙江省衢州市柯城区府山街道新桥路12号3幢2单元301室", a.RawText);
        Assert.InRange(a.Confidence, 0.5, 1.0);
        Assert.StartsWith("A", a.AddressId);
    }

    [Fact]
    public async Task NormalizeAddress_ThreeSpellingsOfOneFlat_ShareTheAddressId()
    {
        var formal = await NormalizeAsync("浙江省衢州市柯城区府山街道新桥路12号3幢2单元301室");
        var dashed = await NormalizeAsync("衢州柯城新桥路12号3-2-301");
        var numerals = await NormalizeAsync("衢州市柯城区新桥路十二号3幢2单元301");

        Assert.Equal(formal.AddressId, dashed.AddressId);
        Assert.Equal(formal.AddressId, numerals.AddressId);
        Assert.Equal(("3", "2", "301"), (dashed.Building, dashed.Unit, dashed.Room));
    }

    [Fact]
    public async Task NormalizeAddress_NoCountyAndAmbiguousTownship_NotGuessed()
    {
        var a = await NormalizeAsync("府山街道新桥路12号");

        Assert.Equal("", a.County);
        Assert.False(a.DivisionCode.StartsWith("330802", StringComparison.Ordinal) && a.DivisionLevel >= Hub.Contracts.V1.DivisionLevel.County,
            $"府山街道 exists in several counties; got {a.DivisionCode}");
    }

    [Fact]
    public async Task NormalizeAddress_DefaultDivision_FillsWhatTheTextLeavesOut()
    {
        var a = await NormalizeAsync("府山街道新桥路12号", "330802000000");

        Assert.Equal("330802006000", a.DivisionCode);
        Assert.Equal("府山街道新桥路12号", a.RawText);
    }

    [Fact]
    public async Task NormalizeAddress_DefaultDivisionElsewhere_TextWins()
    {
        var a = await NormalizeAsync("江山市虎山街道鹿溪中路8号", "330802000000");

        Assert.StartsWith("330881", a.DivisionCode);
    }

    [Theory]
    [InlineData("", "", "text")]
    [InlineData("衢州", "3308", "default_division_code")]
    public async Task NormalizeAddress_BadInput_InvalidArgumentNamingTheField(string text, string code, string field)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => NormalizeAsync(text, code));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains(ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations, v => v.Field == field);
    }

    [Fact]
    public async Task NormalizeAddress_TextOver512Characters_InvalidArgument()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => NormalizeAsync(new string('路', 513)));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
    }

    [Fact]
    public async Task Ingest_PersonWithAddresses_RegistersThemOnceAndServesThem()
    {
        await new AdapterRegistryService.AdapterRegistryServiceClient(_hub.Channel).RegisterAsync(new RegisterRequest
        {
            Department = "grid", AdapterId = "grid-1", Version = "1", Capabilities = { AdapterCapability.IngestResidents },
        }, deadline: Deadlines.Default());
        using (var push = new IngestService.IngestServiceClient(_hub.Channel).Push(deadline: Deadlines.Default()))
        {
            for (var i = 1; i <= 2; i++)
            {
                var text = i == 1 ? "新安社区2网格 衢州市柯城区新桥路十二号3幢2单元301" : "衢州柯城新桥路12号3-2-301";
                await push.RequestStream.WriteAsync(new PushRequest
                {
                    AdapterId = "grid-1",
                    Record = new IngestRecord
                    {
                        Sequence = i, Kind = RecordKind.Resident,
                        SourceRef = new SourceRef { Department = "grid", LocalId = $"WG{i}" },
                        Person = new PersonRecord { Name = "王芳", Addresses = { new ResidentAddress { Address = new Address { RawText = text } } } },
                    },
                });
            }
            await push.RequestStream.CompleteAsync();
            await foreach (var ack in push.ResponseStream.ReadAllAsync())
                Assert.Equal(IngestStatus.Accepted, ack.Status);
        }

        var found = await _client.SearchAddressesAsync(new SearchAddressesRequest { DivisionCode = "330802000000", TextPrefix = "新桥路1" },
            deadline: Deadlines.Default());
        var address = Assert.Single(found.Addresses);
        Assert.Equal(("新桥路", "12", "301"), (address.Road, address.RoadNumber, address.Room));

        var byId = await _client.GetAddressAsync(new GetAddressRequest { AddressId = address.AddressId }, deadline: Deadlines.Default());
        Assert.Equal(address.AddressId, byId.Address.AddressId);
        Assert.Equal(address.AddressId, (await NormalizeAsync("浙江省衢州市柯城区府山街道新桥路12号3幢2单元301室")).AddressId);

        var none = await _client.SearchAddressesAsync(new SearchAddressesRequest { DivisionCode = "330881000000" }, deadline: Deadlines.Default());
        Assert.Empty(none.Addresses);
    }

    [Fact]
    public async Task GetAddress_UnknownId_NotFound()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await _client.GetAddressAsync(new GetAddressRequest { AddressId = "A0000" }, deadline: Deadlines.Default()));
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task SearchAddresses_NoFilter_InvalidArgument()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await _client.SearchAddressesAsync(new SearchAddressesRequest(), deadline: Deadlines.Default()));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
    }
}
