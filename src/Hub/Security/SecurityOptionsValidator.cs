using Hub.Hosting;
using Microsoft.Extensions.Options;

namespace Hub.Security;

/// <summary>Checks <c>Hub:Security</c> at start; each failure names its configuration key.</summary>
public sealed class SecurityOptionsValidator : IValidateOptions<HubOptions>
{
    private static readonly string[] CertificateModes = ["off", "allow", "require"];

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HubOptions options)
    {
        var s = options.Security;
        const string p = HubOptions.Section + ":Security";
        var errors = new List<string>();
        if (s.BootstrapAdminKeyHash.Length > 0 && BootstrapKey.Parse(s.BootstrapAdminKeyHash) is null)
            errors.Add($"{p}:BootstrapAdminKeyHash must be '<key id>:sha256:<salt>:<hash>' as printed by 'dotnet Hub.dll keys new'.");
        if (!CallerId.IsValid(s.BootstrapAdminCaller))
            errors.Add($"{p}:BootstrapAdminCaller: {CallerId.Rule}, got '{s.BootstrapAdminCaller}'.");
        if (!CertificateModes.Contains(s.ClientCertificates, StringComparer.OrdinalIgnoreCase))
            errors.Add($"{p}:ClientCertificates must be one of {string.Join(", ", CertificateModes)}, got '{s.ClientCertificates}'.");
        else if (!s.ClientCertificates.Equals("off", StringComparison.OrdinalIgnoreCase) && !File.Exists(s.ClientCertificateAuthorityFile))
            errors.Add($"{p}:ClientCertificateAuthorityFile must name the PEM file of the client certificate authority, got '{s.ClientCertificateAuthorityFile}'.");
        if (s.DefaultCallsPerSecond is < 1 or > 1_000_000)
            errors.Add($"{p}:DefaultCallsPerSecond must be between 1 and 1000000, got {s.DefaultCallsPerSecond}.");
        if (s.DefaultResidentReadsPerMinute is < 1 or > 100_000_000)
            errors.Add($"{p}:DefaultResidentReadsPerMinute must be between 1 and 100000000, got {s.DefaultResidentReadsPerMinute}.");
        if (s.MaxResidentsPerCall is < 1 or > 100_000)
            errors.Add($"{p}:MaxResidentsPerCall must be between 1 and 100000, got {s.MaxResidentsPerCall}.");
        if (s.RefreshInterval < TimeSpan.FromMilliseconds(50) || s.RefreshInterval > TimeSpan.FromMinutes(10))
            errors.Add($"{p}:RefreshInterval must be between 00:00:00.05 and 00:10:00, got {s.RefreshInterval}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
