using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Health.V1;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;

namespace Hub.Tests.Security;

/// <summary>One hub for every row of <see cref="HostileInputTests"/>, with a consumer key beside the admin key.</summary>
public sealed class HostileInputHub : IAsyncLifetime
{
    public TestHub Hub { get; private set; } = null!;

    public CallInvoker Admin { get; private set; } = null!;

    public CallInvoker Consumer { get; private set; } = null!;

    public CallInvoker Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Hub = await TestHub.StartAsync();
        Admin = Hub.Channel.CreateCallInvoker();
        Consumer = (await new AccessKit(Hub).ChannelAsync(AccessKit.Consumer("hostile-consumer"))).CreateCallInvoker();
        Anonymous = Hub.ChannelFor(null, null).CreateCallInvoker();
    }

    public async Task DisposeAsync() => await Hub.DisposeAsync();
}

/// <summary>
/// Malformed, empty, oversized and hostile values sent to EVERY RPC of the contracts (enumerated from the generated
/// descriptors, so RPCs added later are covered). The hub answers with a status, never INTERNAL, never a crash.
/// </summary>
/// <remarks>
/// Accepted answers: INVALID_ARGUMENT, UNAUTHENTICATED, PERMISSION_DENIED, RESOURCE_EXHAUSTED; and, justified:
/// OK (a hostile value that is still well-formed data, e.g. a search that finds nothing), NOT_FOUND (a well-formed id
/// of nothing), FAILED_PRECONDITION (a valid request in the wrong state, e.g. a push from an unregistered adapter),
/// UNIMPLEMENTED only with the roadmap's explanation (services still pending, or served by adapters), and for
/// server-streaming RPCs CANCELLED (the test hangs up a watch stream that legitimately stays open).
/// </remarks>
public sealed class HostileInputTests(HostileInputHub fixture) : IClassFixture<HostileInputHub>
{
    private static readonly StatusCode[] Refusals =
        [StatusCode.InvalidArgument, StatusCode.Unauthenticated, StatusCode.PermissionDenied, StatusCode.ResourceExhausted];

    private static readonly StatusCode[] Justified = [StatusCode.OK, StatusCode.NotFound, StatusCode.FailedPrecondition];

    public static TheoryData<string> Rpcs => [.. ContractMethods.All.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void Contracts_EnumerateEveryService()
    {
        var services = ContractMethods.All.Values.Select(m => m.Service.Name).Distinct().ToList();

        Assert.Contains("AuditService", services);
        Assert.Contains("IngestService", services);
        Assert.Contains("AccessAdminService", services);
        Assert.True(ContractMethods.All.Count >= 40, $"only {ContractMethods.All.Count} RPCs found");
    }

    [Theory]
    [MemberData(nameof(Rpcs))]
    public async Task Rpc_HostileInput_AnsweredWithAStatusNeverInternal(string rpc)
    {
        var method = ContractMethods.All[rpc];
        var outcomes = new List<(string Case, StatusCode Code, string Detail)>();
        async Task Run(string name, CallInvoker invoker, params IMessage[] requests)
        {
            var (code, detail) = await InvokeAsync(invoker, method, requests);
            outcomes.Add((name, code, detail));
        }

        await Run("no credentials", fixture.Anonymous, HostileValues.Filled(method.InputType, 0));
        await Run("empty", fixture.Admin, method.InputType.Parser.ParseFrom(ByteString.Empty));
        for (var variant = 0; variant < HostileValues.Strings.Length; variant += 2)
            await Run($"hostile {variant}", fixture.Admin, HostileValues.Filled(method.InputType, variant), HostileValues.Filled(method.InputType, variant + 1));
        await Run("consumer, hostile", fixture.Consumer, HostileValues.Filled(method.InputType, 3));
        await Run("many items", fixture.Admin, HostileValues.Filled(method.InputType, 1, repeat: 2000, text: "x"));
        var oversized = method.InputType.Parser.ParseFrom(ByteString.Empty);
        if (HostileValues.SetFirstString(oversized, new string('长', 5 * 1024 * 1024)))
            await Run("oversized", fixture.Admin, oversized);

        Assert.Equal(StatusCode.Unauthenticated, outcomes[0].Code);
        Assert.All(outcomes, o => Assert.True(Acceptable(method, o.Code, o.Detail), $"{rpc} / {o.Case}: {o.Code} {o.Detail}"));
        if (outcomes.FirstOrDefault(o => o.Case == "oversized") is { Case: not null } big)
            Assert.Equal(StatusCode.ResourceExhausted, big.Code);
        // Still serving after all of it.
        var health = await new Health.HealthClient(fixture.Hub.Channel).CheckAsync(new HealthCheckRequest(), deadline: Deadlines.Default());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    private static bool Acceptable(MethodDescriptor method, StatusCode code, string detail) =>
        Refusals.Contains(code) || Justified.Contains(code)
        || (code == StatusCode.Unimplemented && (detail.Contains("arrives with", StringComparison.Ordinal) || detail.Contains("adapter host", StringComparison.Ordinal)))
        || (code == StatusCode.Cancelled && method.IsServerStreaming);

    // Calls any method with dynamic messages: the marshallers come from the descriptors, not from generated clients.
    private static async Task<(StatusCode, string)> InvokeAsync(CallInvoker invoker, MethodDescriptor descriptor, IMessage[] requests)
    {
        var type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (false, true) => MethodType.ServerStreaming,
            (true, false) => MethodType.ClientStreaming,
            _ => MethodType.DuplexStreaming,
        };
        var method = new Method<IMessage, IMessage>(type, descriptor.Service.FullName, descriptor.Name,
            Marshallers.Create(m => m.ToByteArray(), descriptor.InputType.Parser.ParseFrom),
            Marshallers.Create(m => m.ToByteArray(), descriptor.OutputType.Parser.ParseFrom));
        // Watch streams stay open by design: hang up after a while and accept CANCELLED for them.
        using var hangUp = new CancellationTokenSource(TimeSpan.FromSeconds(descriptor.IsServerStreaming ? 5 : 120));
        var options = new CallOptions(deadline: Deadlines.Default(), cancellationToken: hangUp.Token);
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, options, requests[0]);
                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(method, null, options, requests[0]))
                        while (await call.ResponseStream.MoveNext(hangUp.Token)) { }
                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                    {
                        await WriteAllAsync(call.RequestStream, requests);
                        await call.ResponseAsync;
                    }
                    break;
                default:
                    using (var call = invoker.AsyncDuplexStreamingCall(method, null, options))
                    {
                        await WriteAllAsync(call.RequestStream, requests);
                        while (await call.ResponseStream.MoveNext(hangUp.Token)) { }
                    }
                    break;
            }
            return (StatusCode.OK, "");
        }
        catch (RpcException ex)
        {
            return (ex.StatusCode, ex.Status.Detail);
        }
    }

    private static async Task WriteAllAsync(IClientStreamWriter<IMessage> stream, IMessage[] requests)
    {
        try
        {
            foreach (var request in requests)
                await stream.WriteAsync(request);
            await stream.CompleteAsync();
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException)
        {
            // The hub ended the call early (a refusal); reading the response stream reports its status.
        }
    }
}
