using System.CommandLine;

namespace Hub.Ctl;

/// <summary>Options every command accepts: where the hub is and how long to wait for it.</summary>
public static class GlobalOptions
{
    /// <summary>The hub address used when neither <c>--hub</c> nor <c>HUB_URL</c> is given.</summary>
    public const string DefaultHubUrl = "http://127.0.0.1:5080";

    /// <summary>The hub's address.</summary>
    public static Option<string> Hub { get; } = CreateHub();

    /// <summary>The deadline of every call, in seconds.</summary>
    public static Option<int> Timeout { get; } = CreateTimeout();

    /// <summary>The API key sent as <c>authorization: Bearer</c>.</summary>
    public static Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = "API key of the caller. Default: the HUB_API_KEY environment variable, else the file of --api-key-file.",
        Recursive = true,
        HelpName = "key",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("HUB_API_KEY") is { Length: > 0 } key ? key : null,
    };

    /// <summary>A file holding the API key (e.g. the admin.key a fresh hub writes into its data folder).</summary>
    public static Option<string?> ApiKeyFile { get; } = new("--api-key-file")
    {
        Description = "File holding the API key. Default: HUB_API_KEY_FILE, else data/admin.key when it exists (written by a fresh hub started here).",
        Recursive = true,
        HelpName = "path",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("HUB_API_KEY_FILE") is { Length: > 0 } file ? file
            : File.Exists(DefaultKeyFile) ? DefaultKeyFile : null,
    };

    /// <summary>The purpose declared on reads of resident data (<c>x-hub-purpose</c>).</summary>
    public static Option<string> Purpose { get; } = new("--purpose")
    {
        Description = "Purpose declared when reading resident data (the caller's policy must allow it). Default: HUB_PURPOSE, else administration.",
        Recursive = true,
        HelpName = "purpose",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("HUB_PURPOSE") is { Length: > 0 } p ? p : "administration",
    };

    private static readonly string DefaultKeyFile = Path.Combine("data", "admin.key");

    private static Option<string> CreateHub()
    {
        var option = new Option<string>("--hub")
        {
            Description = $"Address of the hub, e.g. http://10.1.2.3:5080. Default: the HUB_URL environment variable, else {DefaultHubUrl}.",
            Recursive = true,
            HelpName = "url",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("HUB_URL") is { Length: > 0 } url ? url : DefaultHubUrl,
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                result.AddError($"--hub must be an http:// or https:// address, not '{value}'.");
        });
        return option;
    }

    private static Option<int> CreateTimeout()
    {
        var option = new Option<int>("--timeout")
        {
            Description = "Deadline of every call to the hub, in seconds.",
            Recursive = true,
            HelpName = "seconds",
            DefaultValueFactory = _ => 30,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 3600)
                result.AddError("--timeout must be between 1 and 3600 seconds.");
        });
        return option;
    }
}
