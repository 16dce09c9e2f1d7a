namespace Hub.Cases;

/// <summary>Why a case operation was refused; the gRPC layer maps each kind onto a status code.</summary>
public enum CaseErrorKind
{
    /// <summary>A field is wrong (INVALID_ARGUMENT, with the field named).</summary>
    InvalidArgument,
    /// <summary>The case, task or rule does not exist (NOT_FOUND).</summary>
    NotFound,
    /// <summary>The expected version is not the current one (ABORTED: re-read and retry).</summary>
    VersionConflict,
    /// <summary>The life cycle or the case's situation does not allow the move (FAILED_PRECONDITION).</summary>
    NotAllowed,
    /// <summary>The request id or the rule's key is taken by something else (ALREADY_EXISTS).</summary>
    AlreadyExists,
    /// <summary>The acting department does not hold what it acts on (PERMISSION_DENIED).</summary>
    PermissionDenied,
}

/// <summary>A refused case operation. <see cref="Field"/> names the request field for <see cref="CaseErrorKind.InvalidArgument"/>.</summary>
public sealed class CaseException(CaseErrorKind kind, string message, string field = "") : Exception(message)
{
    /// <summary>The kind of refusal.</summary>
    public CaseErrorKind Kind { get; } = kind;

    /// <summary>The request field at fault, for invalid arguments.</summary>
    public string Field { get; } = field;
}
