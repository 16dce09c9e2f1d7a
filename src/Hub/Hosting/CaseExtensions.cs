using Hub.Cases;
using Hub.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace Hub.Hosting;

/// <summary>Cases: the store, the desk, routing, deadlines and the event feed.</summary>
public static class CaseExtensions
{
    /// <summary>Adds everything <c>CaseService</c> needs, and the deadline timer.</summary>
    public static IHostApplicationBuilder AddHubCases(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SqliteCaseStore>();
        builder.Services.AddSingleton<ICaseStore>(sp => sp.GetRequiredService<SqliteCaseStore>());
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<HubOptions>>().Value.Cases);
        builder.Services.AddSingleton(sp => new WorkingCalendar(sp.GetRequiredService<CaseOptions>()));
        builder.Services.AddSingleton<RoutingTable>();
        builder.Services.AddSingleton<CaseClock>();
        builder.Services.AddSingleton<PartyResolver>();
        builder.Services.AddSingleton<CaseDesk>();
        builder.Services.AddSingleton<CaseEventFeed>();
        builder.Services.AddSingleton<CaseWatcher>();
        builder.Services.AddSingleton<Hub.Grpc.CaseRequestChecks>();
        builder.Services.AddSingleton<DeadlineTimer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeadlineTimer>());
        return builder;
    }
}
