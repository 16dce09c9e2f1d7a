using Hub.Contracts.V1;
using Hub.Security;

namespace Hub.Tests.Security;

/// <summary>Unit tests of the policy filter on a full resident view (the view the federated GetResident returns).</summary>
public sealed class ResponseFilterTests
{
    private static GetResidentResponse View() => new()
    {
        Resident = new Resident
        {
            ResidentId = "R1", Name = "王芳", IdNumber = "330802198503120020",
            Contacts =
            {
                new Contact { Kind = ContactKind.MobilePhone, Value = "+8613812345678" },
                new Contact { Kind = ContactKind.Email, Value = "wf@example.cn" },
            },
        },
        Facets =
        {
            Facet("civil-affairs", ("marital_status", "20"), ("subsidy", "350.00")),
            Facet("health", ("blood_type", "A")),
            Facet("social-security", ("pension_status", "1")),
        },
    };

    private static Facet Facet(string department, params (string Name, string Value)[] fields)
    {
        var facet = new Facet { Department = department, Status = FacetStatus.Ok };
        foreach (var (name, value) in fields)
            facet.Fields[name] = new FacetValue { Text = value };
        return facet;
    }

    [Fact]
    public void Apply_ConsumerWithoutGrants_MasksIdAndPhoneAndDeniesOtherDepartmentsAndFields()
    {
        var policy = new CallerPolicy { Caller = "c", Departments = { "civil-affairs" }, Fields = { "civil-affairs.marital_status" } };
        var original = View();

        var seen = ResponseFilter.Apply(original, policy);

        Assert.Equal("330802********0020", seen.Resident.IdNumber);
        Assert.True(seen.Resident.IdNumberMasked);
        Assert.Equal("+86138****5678", seen.Resident.Contacts[0].Value);
        Assert.True(seen.Resident.Contacts[0].Masked);
        Assert.Equal("wf@example.cn", seen.Resident.Contacts[1].Value);
        var civil = seen.Facets.Single(f => f.Department == "civil-affairs");
        Assert.Equal(["marital_status"], civil.Fields.Keys);
        Assert.Equal(["subsidy"], civil.DeniedFields);
        Assert.All(seen.Facets.Where(f => f.Department != "civil-affairs"), f =>
        {
            Assert.Equal(FacetStatus.Denied, f.Status);
            Assert.Empty(f.Fields);
            Assert.Equal($"missing grant department:{f.Department}", f.StatusDetail);
        });
        // The service's own object is untouched (it may be cached).
        Assert.Equal("330802198503120020", original.Resident.IdNumber);
        Assert.Equal(2, original.Facets[0].Fields.Count);
    }

    [Fact]
    public void Apply_NothingOutsideThePolicyEverLeaves_ForEveryCombinationOfGrants()
    {
        string[] departments = ["civil-affairs", "health", "social-security"];
        string[] fields = ["civil-affairs.marital_status", "civil-affairs.subsidy", "health.blood_type", "social-security.pension_status"];
        for (var mask = 0; mask < 1 << (departments.Length + fields.Length + 2); mask++)
        {
            var policy = new CallerPolicy { Caller = "c" };
            policy.Departments.AddRange(departments.Where((_, i) => (mask & (1 << i)) != 0));
            policy.Fields.AddRange(fields.Where((_, i) => (mask & (1 << (departments.Length + i))) != 0));
            if ((mask & (1 << 7)) != 0)
                policy.Fields.Add("core.id_number");
            if ((mask & (1 << 8)) != 0)
                policy.Fields.Add("core.phone");

            var seen = ResponseFilter.Apply(View(), policy);

            foreach (var facet in seen.Facets)
            {
                Assert.True(facet.Fields.Count == 0 || policy.Departments.Contains(facet.Department), $"policy {policy}: facet {facet.Department}");
                Assert.All(facet.Fields.Keys, f => Assert.Contains($"{facet.Department}.{f}", policy.Fields));
            }
            Assert.Equal(policy.Fields.Contains("core.id_number"), seen.Resident.IdNumber == "330802198503120020");
            Assert.Equal(policy.Fields.Contains("core.phone"), seen.Resident.Contacts[0].Value == "+8613812345678");
        }
    }

    [Fact]
    public void Apply_FullGrant_ReturnsTheSameObject()
    {
        var view = View();

        Assert.Same(view, ResponseFilter.Apply(view, Grants.Everything("admin")));
    }

    [Fact]
    public void Apply_ReviewItemRecords_MaskedInsideCandidates()
    {
        var response = new ListReviewItemsResponse
        {
            ReviewItems =
            {
                new ReviewItem
                {
                    Record = new PersonRecord { Name = "陈建国", IdNumber = "330802198503120020" },
                    Candidates = { new MatchCandidate { ResidentId = "R1", Records = { new PersonRecord { IdNumber = "330802198503120020",
                        Contacts = { new Contact { Kind = ContactKind.Landline, Value = "+865708881234" } } } } } },
                },
            },
        };

        var seen = ResponseFilter.Apply(response, new CallerPolicy { Caller = "c" });

        Assert.Equal("330802********0020", seen.ReviewItems[0].Record.IdNumber);
        Assert.Equal("330802********0020", seen.ReviewItems[0].Candidates[0].Records[0].IdNumber);
        Assert.Equal("+8657****1234", seen.ReviewItems[0].Candidates[0].Records[0].Contacts[0].Value);
    }

    [Fact]
    public void Apply_ConsumerOfOneDepartment_SeesOnlyThatDepartmentsLinksAndSourceRefs()
    {
        static IdentityLink Link(string department, string localId) =>
            new() { SourceRef = new SourceRef { Department = department, LocalId = localId }, ResidentId = "R1" };
        var policy = new CallerPolicy { Caller = "c", Departments = { "civil-affairs" }, Fields = { "civil-affairs.*" } };
        var lookup = new LookupResidentResponse { ResidentId = "R1", Links = { Link("household", "H1"), Link("civil-affairs", "C1"), Link("health", "M1") } };
        var links = new GetLinksResponse
        {
            ResidentId = "R1",
            Links = { Link("health", "M1"), Link("civil-affairs", "C1") },
            History = { new IdentityEvent { Type = IdentityEventType.Linked, SourceRefs = { Link("health", "M1").SourceRef, Link("civil-affairs", "C1").SourceRef } } },
        };

        var filteredLookup = ResponseFilter.Apply(lookup, policy);
        var filteredLinks = ResponseFilter.Apply(links, policy);

        Assert.Equal(["C1"], filteredLookup.Links.Select(l => l.SourceRef.LocalId));
        Assert.Equal("R1", filteredLookup.ResidentId);
        Assert.Equal(["C1"], filteredLinks.Links.Select(l => l.SourceRef.LocalId));
        Assert.Equal(["C1"], filteredLinks.History.Single().SourceRefs.Select(r => r.LocalId));
        // The original is untouched (it may be cached), and a caller of every department sees everything.
        Assert.Equal(3, lookup.Links.Count);
        var everything = new CallerPolicy { Caller = "a", Departments = { "*" }, Fields = { "*" } };
        Assert.Equal(3, ResponseFilter.Apply(lookup, everything).Links.Count);
    }
}
