using Google.Protobuf.WellKnownTypes;
using Hub.Contracts.V1;
using Hub.Residents;
using Hub.Tests.Identity.Engine;

namespace Hub.Tests.Federation;

public sealed class ResidentCoreTests
{
    private static readonly DateOnly Today = new(2026, 1, 1);
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static PersonRecordRow Row(string department, string localId, PersonRecord person, int minutes) =>
        new("r-1", department, localId, person, T0.AddMinutes(minutes));

    [Fact]
    public async Task Build_RecordsInAnyOrder_ValidIdFirstThenNewestWinsAndContactsDeduplicated()
    {
        var withId = StoredRecords.Record("household", "h-1", 1).Person;
        withId.Contacts.Add(new Contact { Kind = ContactKind.MobilePhone, Value = "13812345678" });
        var newerWithoutId = new PersonRecord { Name = "李四", BirthDate = "1970-02-03" };
        newerWithoutId.Contacts.Add(new Contact { Kind = ContactKind.MobilePhone, Value = "+86 138 1234 5678" });
        newerWithoutId.Contacts.Add(new Contact { Kind = ContactKind.Email, Value = " a@b.cn " });
        var olderWithId = withId.Clone();
        olderWithId.Name = "王五";
        var links = new GetLinksResponse
        {
            ResidentId = "r-1", AliasIds = { "r-0" },
            Links =
            {
                new IdentityLink { SourceRef = new SourceRef { Department = "health", LocalId = "x-1" }, CreateTime = Timestamp.FromDateTimeOffset(T0.AddMinutes(90)) },
                new IdentityLink { SourceRef = new SourceRef { Department = "household", LocalId = "h-1" }, CreateTime = Timestamp.FromDateTimeOffset(T0) },
            },
        };
        var grant = await new OpenResidentAccessPolicy().GrantAsync("c", "p", CancellationToken.None);
        PersonRecordRow[] rows = [Row("health", "x-1", newerWithoutId, 60), Row("civil-affairs", "c-1", olderWithId, 10), Row("household", "h-1", withId, 30)];

        var resident = ResidentCore.Build(links, rows, grant, Today);
        var reversed = ResidentCore.Build(links, [rows[2], rows[1], rows[0]], grant, Today);

        Assert.Equal(withId.Name, resident.Name);
        Assert.True(resident.IdNumberMasked);
        Assert.Equal(ResidentCore.MaskIdNumber(withId.IdNumber), resident.IdNumber);
        Assert.Equal(["health", "household"], resident.SourceRefs.Select(r => r.Department));
        Assert.Equal(["r-0"], resident.AliasIds);
        Assert.Equal(2, resident.Contacts.Count);
        Assert.Equal("household", resident.Contacts[0].SourceRef.Department);
        Assert.True(resident.Contacts[0].Masked);
        Assert.Equal("a@b.cn", resident.Contacts[1].Value);
        Assert.Equal(T0.AddMinutes(90), resident.UpdateTime.ToDateTimeOffset());
        Assert.Equal(resident, reversed);
    }

    [Fact]
    public async Task Build_NoRecords_OnlyTheLinks()
    {
        var links = new GetLinksResponse { ResidentId = "r-1" };
        var grant = await new OpenResidentAccessPolicy().GrantAsync("c", "p", CancellationToken.None);

        var resident = ResidentCore.Build(links, [], grant, Today);

        Assert.Equal(new Resident { ResidentId = "r-1" }, resident);
    }
}
