using Hub.Hosting;
using Hub.Security;
using Microsoft.Extensions.Options;

// 'keys new': a fresh admin key and the Hub:Security:BootstrapAdminKeyHash value that provisions it (no hub runs).
if (args is ["keys", "new"])
{
    var (_, key) = ApiKeys.Create();
    Console.WriteLine($"key:  {key}");
    Console.WriteLine($"hash: {BootstrapKey.LineFor(key)}");
    Console.Error.WriteLine("Give the key to the admin (hubctl --api-key-file); configure the hub with --Hub:Security:BootstrapAdminKeyHash=<hash>.");
    return 0;
}
if (args is ["keys", ..])
{
    Console.Error.WriteLine("hub: usage: dotnet Hub.dll keys new");
    return 2;
}

try
{
    await using var app = HubApplication.Create(args);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" })
{
    // A bad setting: say which key, without a stack trace, and exit with a distinct code.
    Console.Error.WriteLine($"hub: configuration error: {ex.Message}");
    return 2;
}
