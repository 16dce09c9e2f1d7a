using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;

namespace Hub.Adapters;

/// <summary>Builds the adapter host process around one <see cref="IDepartmentAdapter"/>.</summary>
public static class AdapterHost
{
    /// <summary>
    /// Configuration: <c>--config FILE</c> (JSON, section <c>Adapter</c>) first, then environment
    /// variables (<c>Adapter__Hub</c>), then the command line (<c>--Adapter:Hub=URL</c>).
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var configFile = ConfigFile(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args.Where((_, i) => !IsConfigArg(args, i)).ToArray(),
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        if (configFile is not null)
        {
            if (!File.Exists(configFile))
                throw new AdapterConfigurationException($"configuration file {Path.GetFullPath(configFile)} does not exist");
            // The file, then environment and command line again so that they override it.
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false)
                .AddEnvironmentVariables()
                .AddCommandLine(args.Where((_, i) => !IsConfigArg(args, i)).ToArray());
            // Relative paths inside the file are taken from the file's folder.
            builder.Configuration["Adapter:ConfigFolder"] = Path.GetDirectoryName(Path.GetFullPath(configFile));
        }
        var level = Enum.TryParse<LogEventLevel>(builder.Configuration["Adapter:LogLevel"], true, out var l) ? l : LogEventLevel.Information;
        builder.Services.AddSerilog((_, c) => c.MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Grpc", LogEventLevel.Warning)
            .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} [" + (builder.Configuration["Adapter:Id"] ?? "adapter")
                + "] {Message:lj}{NewLine}{Exception}"));
        return builder;
    }

    /// <summary>
    /// Adds the host's services for <paramref name="factory"/>'s adapter and returns the app: it serves
    /// DepartmentAdapterService over h2c at <c>Adapter:Listen</c> and runs the <see cref="AdapterWorker"/>.
    /// </summary>
    public static WebApplication Build(WebApplicationBuilder builder, Func<IServiceProvider, IDepartmentAdapter> factory)
    {
        var options = builder.Configuration.GetSection(AdapterOptions.Section).Get<AdapterOptions>() ?? new AdapterOptions();
        var problems = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), problems, validateAllProperties: true))
            throw new AdapterConfigurationException(string.Join("; ", problems.Select(p => $"{string.Join(",", p.MemberNames.Select(m => "Adapter:" + m))}: {p.ErrorMessage}")));
        if (!Uri.TryCreate(options.Hub, UriKind.Absolute, out _))
            throw new AdapterConfigurationException($"Adapter:Hub must be an absolute URL, got '{options.Hub}'");
        options.StateFile = Resolve(builder.Configuration, options.StateFile);

        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(e => e.Protocols = HttpProtocols.Http2));
        // Without a listen address the facet service still runs, on a loopback port nobody is told about.
        builder.WebHost.UseUrls(options.Listen.Length > 0 ? options.Listen : "http://127.0.0.1:0");
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IDepartmentAdapter>(factory);
        builder.Services.AddSingleton(_ => new LocalState(options.StateFile));
        builder.Services.AddSingleton<HubConnection>();
        builder.Services.AddSingleton<Registrar>();
        builder.Services.AddSingleton<ChangeCollector>();
        builder.Services.AddSingleton<Pusher>();
        builder.Services.AddSingleton<CaseMirror>();
        builder.Services.AddSingleton<CaseReporter>();
        builder.Services.AddHostedService<AdapterWorker>();
        var app = builder.Build();
        app.MapGrpcService<DepartmentAdapterGrpcService>();
        return app;
    }

    /// <summary>A path from the configuration, relative to the configuration file's folder when there is one.</summary>
    public static string Resolve(IConfiguration configuration, string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(configuration["Adapter:ConfigFolder"] ?? Directory.GetCurrentDirectory(), path));

    private static string? ConfigFile(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--config" && i + 1 < args.Length)
                return args[i + 1];
            if (args[i].StartsWith("--config=", StringComparison.Ordinal))
                return args[i]["--config=".Length..];
        }
        return null;
    }

    private static bool IsConfigArg(string[] args, int i) =>
        args[i] == "--config" || args[i].StartsWith("--config=", StringComparison.Ordinal) || (i > 0 && args[i - 1] == "--config");
}

/// <summary>A setting or mapping file the adapter host cannot work with; the message names what and where.</summary>
public sealed class AdapterConfigurationException(string message) : Exception(message);
