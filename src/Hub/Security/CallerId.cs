namespace Hub.Security;

/// <summary>The shape of a caller id (a calling system's name in keys, policies and the audit log).</summary>
public static class CallerId
{
    /// <summary>The rule in words, for error messages.</summary>
    public const string Rule = "a caller id is 2 to 64 lower-case ASCII letters, digits, '-' or '.', e.g. grid-portal";

    /// <summary>True when <paramref name="id"/> has the shape of a caller id.</summary>
    public static bool IsValid(string? id) =>
        id is { Length: >= 2 and <= 64 } && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.');
}
