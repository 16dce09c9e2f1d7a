using Hub.Contracts.V1;
using Hub.Security;

namespace Hub.Tests.Security;

/// <summary>Unit tests of the grant lists' reading.</summary>
public sealed class GrantTests
{
    public static TheoryData<string[], string, string> Cases => new()
    {
        { ["*"], "health", "blood_type" },
        { ["health.blood_type"], "health", "blood_type" },
        { ["health.blood_type"], "health", "blood_typ" },
        { ["health.blood_type"], "health", "blood_type_x" },
        { ["health.blood_type"], "healt", "h.blood_type" },
        { ["health.*"], "health", "blood_type" },
        { ["health.*"], "health-x", "blood_type" },
        { ["health.*"], "healt", "h.x" },
        { ["heal.*"], "health", "blood_type" },
        { ["health.blood.*"], "health", "blood.type" },
        { ["health.blood.*"], "health", "bloodtype" },
        { ["core.*", "civil-affairs.subsidy"], "civil-affairs", "subsidy" },
        { ["core.*", "civil-affairs.subsidy"], "civil-affairs", "marital_status" },
        { ["hub.v1/*"], "hub", "v1/x" },
        { ["*x"], "health", "blood_type" },
        { [], "health", "blood_type" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void AllowsField_DepartmentAndField_AnswersAsTheJoinedName(string[] grants, string department, string field)
    {
        var policy = new CallerPolicy { Caller = "c", Fields = { grants } };

        Assert.Equal(policy.AllowsField($"{department}.{field}"), policy.AllowsField(department, field));
    }
}
