using System.Security.Cryptography;
using System.Text;

namespace Hub.Security;

/// <summary>
/// API key text and its stored hash. A key reads <c>hub_&lt;key id&gt;_&lt;secret&gt;</c>: the id finds the stored row,
/// the secret (32 random bytes) is checked against a salted SHA-256 of the whole key. The hub never stores a key.
/// </summary>
public static class ApiKeys
{
    private const string Prefix = "hub_";
    private const string HashScheme = "sha256";

    /// <summary>A new random key id and the key text.</summary>
    public static (string KeyId, string Key) Create()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (id, $"{Prefix}{id}_{secret}");
    }

    /// <summary>The key id inside <paramref name="key"/>, or null when the text is not shaped like a hub key.</summary>
    public static string? KeyIdOf(string key)
    {
        if (key.Length is < 30 or > 200 || !key.StartsWith(Prefix, StringComparison.Ordinal))
            return null;
        var end = key.IndexOf('_', Prefix.Length);
        if (end != Prefix.Length + 16)
            return null;
        var id = key[Prefix.Length..end];
        return id.All(char.IsAsciiHexDigitLower) ? id : null;
    }

    /// <summary>The stored form of <paramref name="key"/>: <c>sha256:&lt;salt&gt;:&lt;hash&gt;</c>, with a fresh random salt.</summary>
    public static string Hash(string key)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return $"{HashScheme}:{Base64Url(salt)}:{Base64Url(Digest(salt, key))}";
    }

    /// <summary>True when <paramref name="key"/> is the key <paramref name="storedHash"/> was made from (constant time).</summary>
    public static bool Matches(string key, string storedHash)
    {
        var parts = storedHash.Split(':');
        if (parts.Length != 3 || parts[0] != HashScheme)
            return false;
        try
        {
            var salt = FromBase64Url(parts[1]);
            return CryptographicOperations.FixedTimeEquals(Digest(salt, key), FromBase64Url(parts[2]));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="storedHash"/> has the shape <see cref="Hash"/> produces.</summary>
    public static bool IsHash(string storedHash)
    {
        var parts = storedHash.Split(':');
        if (parts.Length != 3 || parts[0] != HashScheme)
            return false;
        try
        {
            return FromBase64Url(parts[1]).Length == 16 && FromBase64Url(parts[2]).Length == 32;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static byte[] Digest(byte[] salt, string key)
    {
        var text = Encoding.UTF8.GetBytes(key);
        var input = new byte[salt.Length + text.Length];
        salt.CopyTo(input, 0);
        text.CopyTo(input, salt.Length);
        return SHA256.HashData(input);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}
