using Hub.Hosting;
using Microsoft.Extensions.Options;

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
