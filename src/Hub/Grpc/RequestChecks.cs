using Hub.Common;

namespace Hub.Grpc;

/// <summary>Collects field violations of a request, then throws them all at once.</summary>
public sealed class RequestChecks
{
    /// <summary>Longest text the hub accepts in an ordinary string field.</summary>
    public const int MaxText = 64 * 1024;

    private readonly List<(string Field, string Reason)> _violations = [];

    /// <summary>The field is present and no longer than <paramref name="max"/>.</summary>
    public RequestChecks Required(string field, string value, int max = 256)
    {
        if (string.IsNullOrWhiteSpace(value))
            _violations.Add((field, "is required"));
        else
            MaxLength(field, value, max);
        return this;
    }

    /// <summary>The field is no longer than <paramref name="max"/>.</summary>
    public RequestChecks MaxLength(string field, string value, int max)
    {
        if (value.Length > max)
            _violations.Add((field, $"is longer than {max} characters"));
        return this;
    }

    /// <summary>The field is a department code (required unless <paramref name="optional"/>).</summary>
    public RequestChecks Department(string field, string value, bool optional = false)
    {
        if (optional && value.Length == 0)
            return this;
        if (!DepartmentCode.IsValid(value))
            _violations.Add((field, value.Length == 0 ? "is required" : DepartmentCode.Rule));
        return this;
    }

    /// <summary>Adds a violation when <paramref name="bad"/> holds.</summary>
    public RequestChecks Check(bool bad, string field, string reason)
    {
        if (bad)
            _violations.Add((field, reason));
        return this;
    }

    /// <summary>Throws INVALID_ARGUMENT with every violation found, if any.</summary>
    public void ThrowIfInvalid() => RpcErrors.ThrowIfAny(_violations);
}
