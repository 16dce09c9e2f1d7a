using Hub.Audit;
using Hub.Grpc;
using Hub.Security;
using Hub.Storage.Sqlite;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Hub.Hosting;

/// <summary>Authentication, policies, limits and the audit log.</summary>
public static class SecurityExtensions
{
    /// <summary>Adds keys and policies (with the start-up bootstrap), mutual TLS, limits and the audit log. Call after <c>AddHubStorage</c>.</summary>
    public static IHostApplicationBuilder AddHubSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<IValidateOptions<HubOptions>, SecurityOptionsValidator>();
        services.AddSingleton<IAccessStore, SqliteAccessStore>();
        services.AddSingleton<IAuditStore, SqliteAuditStore>();
        services.AddSingleton<AccessTables>();
        services.AddSingleton<ClientCertificateRules>();
        services.AddSingleton<Authenticator>();
        services.AddSingleton<CallLimits>();
        services.AddSingleton<CallAuthorizer>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<AuditLog>());
        services.AddSingleton<ReadRecorder>();
        services.AddSingleton<ChainVerifier>();
        services.AddSingleton<AccessInterceptor>();
        // Replaces the open default of the resident view: departments, fields and masking come from the caller's policy.
        services.AddSingleton<Hub.Residents.IResidentAccessPolicy, PolicyResidentAccess>();
        // Hosted services start in order, after the store migrator: the first admin exists before Kestrel listens,
        // and the audit writer runs before the first call (and stops after the last).
        services.AddHostedService<AccessBootstrapper>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditLog>());
        services.AddOptions<KestrelServerOptions>().Configure<ClientCertificateRules>((kestrel, rules) =>
        {
            if (!rules.Enabled)
                return;
            kestrel.ConfigureHttpsDefaults(https =>
            {
                https.ClientCertificateMode = rules.Required ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.AllowCertificate;
                https.ClientCertificateValidation = (certificate, _, errors) => rules.Validate(certificate, errors);
            });
        });
        return builder;
    }

    /// <summary>Maps AuditService and AccessAdminService.</summary>
    public static WebApplication MapHubSecurity(this WebApplication app)
    {
        app.MapGrpcService<AuditGrpcService>();
        app.MapGrpcService<AccessAdminGrpcService>();
        return app;
    }
}
