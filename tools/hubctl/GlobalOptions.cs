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
