using Hub.Addresses;
using Hub.Contracts.V1;
using Hub.Identity.Matching;

namespace Hub.Tests.Identity.Matching;

public sealed class BlockingKeysTests
{
    // The keys as their texts were once joined and hashed whole: hashing the parts must give the same values, or a record
    // indexed before a restart and one searched after it would not meet.
    private static List<ulong> JoinedKeys(IdentityFeatures f)
    {
        var keys = new List<ulong>();
        if (f.AnyIdNumber is { } id)
        {
            keys.Add(BlockingKeys.Hash("id", id));
            keys.Add(BlockingKeys.Hash("idAB", id.AsSpan(0, 14)));
            keys.Add(BlockingKeys.Hash("idAC", string.Concat(id.AsSpan(0, 6), id.AsSpan(14))));
            keys.Add(BlockingKeys.Hash("idBC", id.AsSpan(6)));
        }
        if (f.PinyinKey.Length > 0)
            keys.Add(BlockingKeys.Hash("py", $"{f.PinyinKey}|{f.BirthYear}"));
        if (f.NameKey.Length > 0)
            keys.Add(BlockingKeys.Hash("nm", f.NameKey));
        if (f.SurnamePinyin.Length > 0 && f.BirthDateKey is { } date)
            keys.Add(BlockingKeys.Hash("sb", $"{f.SurnamePinyin}|{date}"));
        keys.AddRange(f.Phones.Select(p => BlockingKeys.Hash("ph", p)));
        keys.AddRange(f.AddressKeys.Select(a => BlockingKeys.Hash("ad", a)));
        return keys;
    }

    [Fact]
    public void For_HashesEachKeyAsItsJoinedText_InOrder()
    {
        var f = new IdentityFeatures
        {
            IdNumber = "330802198503120016", NameKey = "王小明", PinyinKey = "wangxiaoming", SurnamePinyin = "wang",
            BirthYear = 985, BirthMonth = 3, BirthDay = 2, Phones = ["+8613800000001"], AddressKeys = ["A1", "A2"],
        };

        var blocking = BlockingKeys.For(f);

        Assert.Equal(JoinedKeys(f), blocking.Keys);
        Assert.Equal(5, blocking.NameOnlyAt);
        Assert.Equal(BlockingKeys.Hash("n", "王小明"), blocking.NameCountKey);
    }

    [Fact]
    public void For_KeepsEveryKey_OfARecordWithManyPhonesAndAddresses()
    {
        var f = new IdentityFeatures
        {
            IdNumberInvalid = "330802198503120017", PinyinKey = "li", BirthYear = 2001,
            Phones = [.. Enumerable.Range(0, 9).Select(i => $"+86138000000{i:D2}")],
            AddressKeys = [.. Enumerable.Range(0, 9).Select(i => $"A{i}")],
        };

        var blocking = BlockingKeys.For(f);

        Assert.Equal(23, blocking.Keys.Length);
        Assert.Equal(JoinedKeys(f), blocking.Keys);
        Assert.Equal(-1, blocking.NameOnlyAt);
        Assert.Equal(0UL, blocking.NameCountKey);
    }

    [Fact]
    public void Hash_OfAValueLongerThanTheStackBuffer_IsTheHashOfItsText()
    {
        var longName = new string('名', 400);
        Assert.Equal(BlockingKeys.Hash("nm", longName), BlockingKeys.Hash("nm", longName.AsSpan(0, 150), longName.AsSpan(150)));
        Assert.NotEqual(BlockingKeys.Hash("nm", longName), BlockingKeys.Hash("nm", longName.AsSpan(0, 399)));
    }

    [Fact]
    public void Extract_KeepsEachPhoneAndAddressOnce_InTheOrderFirstSeen()
    {
        var extractor = new FeatureExtractor(AddressParser.Shared, TimeProvider.System);
        var record = new PersonRecord
        {
            Name = "王小明",
            Contacts =
            {
                new Contact { Kind = ContactKind.MobilePhone, Value = "13800000002" },
                new Contact { Kind = ContactKind.Email, Value = "wang@example.org" },
                new Contact { Kind = ContactKind.Landline, Value = "13800000001" },
                new Contact { Kind = ContactKind.Unspecified, Value = "138 0000 0002" },
                new Contact { Kind = ContactKind.MobilePhone, Value = "not a phone" },
            },
            Addresses =
            {
                Registered("A2", "330802001"), Registered("A1", "330802"), Registered("A2", "330802001"),
                new ResidentAddress { Address = new Address { RawText = "  " } },
            },
        };

        var features = extractor.Extract(record);

        Assert.Equal(["+8613800000002", "+8613800000001"], features.Phones);
        Assert.Equal(["A2", "A1"], features.AddressKeys);
        Assert.Equal(["330802|新桥路|12号"], features.AddressLocalities);
    }

    private static ResidentAddress Registered(string id, string division) => new()
    {
        Address = new Address { RawText = "柯城区新桥路12号", AddressId = id, DivisionCode = division, Road = "新桥路", RoadNumber = "12号" },
    };
}
