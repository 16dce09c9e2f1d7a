namespace Hub.Common;

/// <summary>The shape of a department code: lower-case ASCII letters, digits and '-', 2 to 32 characters.</summary>
public static class DepartmentCode
{
    /// <summary>The rule in words, for error messages.</summary>
    public const string Rule = "a department code is 2 to 32 lower-case ASCII letters, digits or '-', e.g. civil-affairs";

    /// <summary>True when <paramref name="code"/> has the shape of a department code.</summary>
    public static bool IsValid(string? code) =>
        code is { Length: >= 2 and <= 32 } && code.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
