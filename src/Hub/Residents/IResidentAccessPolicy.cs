namespace Hub.Residents;

/// <summary>
/// What a caller may read of residents for a declared purpose. This is the seam for the access
/// policies of issue #9: GetResident asks it once per read, and reports a refused department as
/// <c>FACET_STATUS_DENIED</c> and a withheld field in <c>Facet.denied_fields</c>.
/// </summary>
public interface IResidentAccessPolicy
{
    /// <summary>The grant of <paramref name="caller"/> for <paramref name="purpose"/>.</summary>
    ValueTask<ResidentGrant> GrantAsync(string caller, string purpose, CancellationToken cancellationToken);
}

/// <summary>A caller's rights over resident data for one purpose.</summary>
public abstract class ResidentGrant
{
    /// <summary>Whether citizen ID numbers are shown in full (otherwise masked to the first 6 and last 4 characters).</summary>
    public abstract bool RevealIdNumbers { get; }

    /// <summary>Whether phone numbers are shown in full (otherwise the middle digits are masked).</summary>
    public abstract bool RevealPhones { get; }

    /// <summary>Null when the department may be read; otherwise why not.</summary>
    public abstract string? DepartmentRefusal(string department);

    /// <summary>Whether one field of an allowed department may be read.</summary>
    public abstract bool AllowsField(string department, string field);
}

/// <summary>
/// The policy until issue #9 brings real ones: every department and field may be read, and ID numbers
/// and phones stay masked (nobody has been granted them).
/// </summary>
public sealed class OpenResidentAccessPolicy : IResidentAccessPolicy
{
    private static readonly ResidentGrant Everything = new OpenGrant();

    /// <inheritdoc />
    public ValueTask<ResidentGrant> GrantAsync(string caller, string purpose, CancellationToken cancellationToken) => ValueTask.FromResult(Everything);

    private sealed class OpenGrant : ResidentGrant
    {
        public override bool RevealIdNumbers => false;

        public override bool RevealPhones => false;

        public override string? DepartmentRefusal(string department) => null;

        public override bool AllowsField(string department, string field) => true;
    }
}
