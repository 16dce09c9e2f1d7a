using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Hub.Hosting;

/// <summary>Serilog wiring: console text by default, compact JSON by option.</summary>
public static class LoggingExtensions
{
    /// <summary>
    /// Routes all logging through Serilog. The static <see cref="Log.Logger"/> is left alone,
    /// so tests can build many hubs in one process.
    /// </summary>
    public static IHostApplicationBuilder AddHubLogging(this IHostApplicationBuilder builder)
    {
        // Read raw values here: a bad value must still let the logger start, and option
        // validation then stops the hub with a message naming the key.
        var section = builder.Configuration.GetSection($"{HubOptions.Section}:Logging");
        var json = string.Equals(section["Format"], "json", StringComparison.OrdinalIgnoreCase);
        var level = Enum.TryParse<LogEventLevel>(section["MinimumLevel"], ignoreCase: true, out var parsed)
            ? parsed
            : LogEventLevel.Information;

        builder.Services.AddSerilog(
            (_, logger) =>
            {
                logger.MinimumLevel.Is(level)
                    .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                    .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", LogEventLevel.Warning)
                    .MinimumLevel.Override("Grpc", LogEventLevel.Warning)
                    .Enrich.FromLogContext();
                if (json)
                    logger.WriteTo.Console(new CompactJsonFormatter());
                else
                    logger.WriteTo.Console(
                        outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}",
                        formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            },
            preserveStaticLogger: true);
        return builder;
    }
}
