namespace Hub.Security;

/// <summary>The configured bootstrap admin key: <c>&lt;key id&gt;:&lt;stored hash&gt;</c>.</summary>
public sealed record BootstrapKey(string KeyId, string Hash)
{
    /// <summary>The configuration value for <paramref name="key"/> (a fresh salt each time).</summary>
    public static string LineFor(string key) => $"{ApiKeys.KeyIdOf(key) ?? throw new ArgumentException("not a hub key", nameof(key))}:{ApiKeys.Hash(key)}";

    /// <summary>Parses a configuration value, or null when it is malformed.</summary>
    public static BootstrapKey? Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon != 16)
            return null;
        var id = text[..colon];
        var hash = text[(colon + 1)..];
        return id.All(char.IsAsciiHexDigitLower) && ApiKeys.IsHash(hash) ? new BootstrapKey(id, hash) : null;
    }
}
