using Hub.Grpc;

namespace Hub.Hosting;

/// <summary>gRPC services, interceptors, health and reflection.</summary>
public static class GrpcExtensions
{
    /// <summary>Largest request message the hub reads (12 MiB); larger ones are refused with RESOURCE_EXHAUSTED.</summary>
    public const int MaxReceiveMessageBytes = 12 * 1024 * 1024;

    /// <summary>Adds gRPC with the hub's interceptors (call log outermost) and reflection.</summary>
    public static IHostApplicationBuilder AddHubGrpc(this IHostApplicationBuilder builder)
    {
        // Registered, the interceptors are taken from the container; otherwise gRPC builds each of them anew for every
        // call. Both keep no state of a call (the access interceptor is registered with the security services).
        builder.Services.AddSingleton<CallLoggingInterceptor>();
        builder.Services.AddSingleton<RoadmapInterceptor>();
        builder.Services.AddGrpc(o =>
        {
            o.Interceptors.Add<CallLoggingInterceptor>();
            // Credentials, policy, limits and the audit record of every call (health and reflection are open).
            o.Interceptors.Add<Hub.Security.AccessInterceptor>();
            o.Interceptors.Add<RoadmapInterceptor>();
            o.EnableDetailedErrors = false;
            // ImportMappings takes CSV files of up to 10 MiB; leave room for the rest of the message.
            o.MaxReceiveMessageSize = MaxReceiveMessageBytes;
        });
        builder.Services.AddGrpcReflection();
        return builder;
    }

    /// <summary>Maps every hub.v1 service, the health service and, unless switched off, reflection.</summary>
    public static WebApplication MapHubGrpc(this WebApplication app)
    {
        app.MapGrpcService<ResidentGrpcService>();
        app.MapGrpcService<IdentityGrpcService>();
        app.MapGrpcService<AddressGrpcService>();
        app.MapGrpcService<CaseGrpcService>();
        app.MapGrpcService<DictionaryGrpcService>();
        app.MapGrpcService<AdapterRegistryGrpcService>();
        app.MapGrpcService<IngestGrpcService>();
        app.MapHubSecurity();
        app.MapGrpcService<AdapterSideDepartmentAdapterService>();
        app.MapGrpcHealthChecksService();

        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HubOptions>>();
        if (options.Value.EnableReflection)
            app.MapGrpcReflectionService();
        return app;
    }
}
