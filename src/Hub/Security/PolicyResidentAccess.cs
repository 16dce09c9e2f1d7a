using Hub.Contracts.V1;
using Hub.Residents;

namespace Hub.Security;

/// <summary>
/// The resident view's access seam answered from the caller's policy: departments and fields it may read, and
/// whether ID numbers and phones are shown in full. GetResident then never asks a department the caller may not read.
/// </summary>
public sealed class PolicyResidentAccess(AccessTables tables) : IResidentAccessPolicy
{
    /// <inheritdoc />
    public async ValueTask<ResidentGrant> GrantAsync(string caller, string purpose, CancellationToken cancellationToken)
    {
        var snapshot = await tables.GetAsync(cancellationToken);
        return new PolicyGrant(snapshot.Policies.GetValueOrDefault(caller), purpose);
    }

    private sealed class PolicyGrant(CallerPolicy? policy, string purpose) : ResidentGrant
    {
        // No policy (cannot happen behind the interceptor) or a purpose it may not declare: nothing at all.
        private readonly bool _usable = policy is not null && policy.AllowsPurpose(purpose);

        public override bool RevealIdNumbers => _usable && policy!.AllowsField(Grants.IdNumberField);

        public override bool RevealPhones => _usable && policy!.AllowsField(Grants.PhoneField);

        public override string? DepartmentRefusal(string department) =>
            !_usable ? $"missing grant purpose:{purpose}"
            : policy!.AllowsDepartment(department) ? null
            : $"missing grant department:{department}";

        public override bool AllowsField(string department, string field) => _usable && policy!.AllowsField(department, field);
    }
}
