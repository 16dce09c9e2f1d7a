namespace Hub.Ctl;

/// <summary>The exit codes of hubctl, one per kind of outcome, so scripts can react without parsing text.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The hub refused the input: INVALID_ARGUMENT, FAILED_PRECONDITION, ALREADY_EXISTS, ABORTED (changed meanwhile), bad import rows, or a file the hub would refuse.</summary>
    public const int Refused = 1;

    /// <summary>Bad arguments on the command line.</summary>
    public const int Usage = 2;

    /// <summary>The hub could not be reached or did not answer in time: UNAVAILABLE, DEADLINE_EXCEEDED.</summary>
    public const int Unreachable = 3;

    /// <summary>The department, dictionary, version, review item or resident does not exist: NOT_FOUND.</summary>
    public const int NotFound = 4;

    /// <summary>The caller may not do this: UNAUTHENTICATED, PERMISSION_DENIED.</summary>
    public const int NotAllowed = 5;

    /// <summary>The hub does not offer the capability (yet): UNIMPLEMENTED.</summary>
    public const int Unimplemented = 6;

    /// <summary>Any other error.</summary>
    public const int Other = 7;

    /// <summary>The table shown at the end of <c>hubctl --help</c> and in the README.</summary>
    public const string Description =
        "Exit codes: 0 success; 1 the hub refused the input (invalid argument, bad import rows, failed precondition, already exists, changed meanwhile); " +
        "2 usage error; 3 hub unreachable or timed out; 4 not found; 5 not allowed; 6 the hub lacks the capability (unimplemented); 7 any other error.";
}
