using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;

namespace Hub.Tests.Integration;

public sealed class HubStartupTests
{
    // Every service of the hub.v1 contract, as the hub must list it through reflection.
    private static readonly string[] ContractServices =
    [
        "hub.v1.ResidentService", "hub.v1.IdentityService", "hub.v1.AddressService", "hub.v1.CaseService",
        "hub.v1.DictionaryService", "hub.v1.AdapterRegistryService", "hub.v1.IngestService",
        "hub.v1.DepartmentAdapterService", "hub.v1.AuditService",
    ];

    [Theory]
    [InlineData("")]
    [InlineData("store")]
    [InlineData("cache")]
    [InlineData("liveness")]
    public async Task HealthCheck_FreshHub_Serving(string service)
    {
        await using var hub = await TestHub.StartAsync();
        var health = new Health.HealthClient(hub.Channel);

        var reply = await health.CheckAsync(new HealthCheckRequest { Service = service }, deadline: Deadline());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task HealthCheck_RedisConfiguredButDown_StartsAndStillServes()
    {
        // Nothing listens on port 1: the hub must start anyway and answer from the store.
        await using var hub = await TestHub.StartAsync("--Hub:Cache:Redis=127.0.0.1:1,connectTimeout=500");
        var health = new Health.HealthClient(hub.Channel);

        var cache = await health.CheckAsync(new HealthCheckRequest { Service = "cache" }, deadline: Deadline());
        var store = await health.CheckAsync(new HealthCheckRequest { Service = "store" }, deadline: Deadline());

        // Degraded maps to SERVING: slower, never wrong or failing.
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, cache.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, store.Status);
        var report = await hub.App.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>()
            .CheckHealthAsync(r => r.Name == "cache");
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, report.Status);
    }

    [Fact]
    public async Task HealthCheck_UnknownService_NotFound()
    {
        await using var hub = await TestHub.StartAsync();
        var health = new Health.HealthClient(hub.Channel);

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await health.CheckAsync(new HealthCheckRequest { Service = "no.such.Service" }, deadline: Deadline()));
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task Reflection_ListServices_NamesEveryContractService()
    {
        await using var hub = await TestHub.StartAsync();

        var listed = await ListServicesAsync(hub);

        foreach (var service in ContractServices)
            Assert.Contains(service, listed);
        Assert.Contains("grpc.health.v1.Health", listed);
    }

    [Fact]
    public async Task Reflection_FileContainingSymbol_ReturnsTheContract()
    {
        await using var hub = await TestHub.StartAsync();
        var reflection = new ServerReflection.ServerReflectionClient(hub.Channel);
        using var call = reflection.ServerReflectionInfo(deadline: Deadline());

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "hub.v1.CaseService" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext());

        var files = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto;
        Assert.NotEmpty(files);
        var descriptors = files.Select(f => Google.Protobuf.Reflection.FileDescriptorProto.Parser.ParseFrom(f)).ToList();
        Assert.Contains(descriptors, d => d.Service.Any(s => s.Name == "CaseService"));
    }

    [Fact]
    public async Task Reflection_SwitchedOff_IsUnimplemented()
    {
        await using var hub = await TestHub.StartAsync("--Hub:EnableReflection=false");

        var ex = await Assert.ThrowsAsync<RpcException>(() => ListServicesAsync(hub));
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task DepartmentAdapterRpc_CalledOnHub_SaysItBelongsToAdapters()
    {
        await using var hub = await TestHub.StartAsync();
        var adapter = new DepartmentAdapterService.DepartmentAdapterServiceClient(hub.Channel);

        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await adapter.DescribeAsync(new DescribeRequest(), deadline: Deadline()));

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
        Assert.Contains("adapter host", ex.Status.Detail);
    }

    [Fact]
    public async Task StartAsync_SecondTimeOnSameData_KeepsSchemaAndServes()
    {
        await using var first = await TestHub.StartAsync();
        var data = first.DataDirectory;
        var store = first.App.Services.GetRequiredService<Hub.Storage.IHubStore>();
        var version = await store.GetSchemaVersionAsync(default);
        await first.App.StopAsync();

        await using var second = await TestHub.StartAsync($"--Hub:DataDirectory={data}");
        var health = new Health.HealthClient(second.Channel);
        var reply = await health.CheckAsync(new HealthCheckRequest { Service = "store" }, deadline: Deadline());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
        Assert.Equal(version, await second.App.Services.GetRequiredService<Hub.Storage.IHubStore>().GetSchemaVersionAsync(default));
    }

    private static DateTime Deadline() => Deadlines.Default();

    private static async Task<List<string>> ListServicesAsync(TestHub hub)
    {
        var reflection = new ServerReflection.ServerReflectionClient(hub.Channel);
        using var call = reflection.ServerReflectionInfo(deadline: Deadline());
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        var names = new List<string>();
        while (await call.ResponseStream.MoveNext())
            names.AddRange(call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name));
        return names;
    }
}
