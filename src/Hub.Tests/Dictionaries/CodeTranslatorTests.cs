using Hub.Contracts.V1;
using Hub.Dictionaries;

namespace Hub.Tests.Dictionaries;

public sealed class CodeTranslatorTests
{
    private readonly CodeTranslator _translator = new(DictionaryCatalog.Default);

    private static MappingSnapshot Mappings(params (string Dept, string Dict, string Local, string Canonical)[] rows) =>
        new(rows.Select(r => new CodeMappingRow(r.Dept, r.Dict, r.Local, r.Canonical, "", "", "test", default)));

    private static IngestRecord Person(string sexCode, string ethnicityCode = "") => new()
    {
        Sequence = 1,
        Kind = RecordKind.Resident,
        SourceRef = new SourceRef { Department = "civil-affairs", LocalId = "p1" },
        Person = new PersonRecord
        {
            Name = "张伟",
            Sex = new CodedValue { Dictionary = "sex", SourceCode = sexCode, SourceLabel = "男" },
            Ethnicity = ethnicityCode.Length == 0 ? null : new CodedValue { Dictionary = "ethnicity", SourceCode = ethnicityCode },
        },
    };

    [Fact]
    public void Translate_MappedCodes_FillsCanonicalCodeAndLabelKeepingSource()
    {
        var record = Person("M", "HA");
        var result = _translator.Translate(record, "civil-affairs",
            Mappings(("civil-affairs", "sex", "M", "1"), ("civil-affairs", "ethnicity", "HA", "01")));

        Assert.True(result.Complete);
        Assert.Equal(("1", "男性", "M"), (record.Person.Sex.Code, record.Person.Sex.Label, record.Person.Sex.SourceCode));
        Assert.Equal(("01", "汉族"), (record.Person.Ethnicity.Code, record.Person.Ethnicity.Label));
    }

    [Fact]
    public void Translate_UnmappedCode_ReportsFieldAndKey()
    {
        var record = Person("M");
        var result = _translator.Translate(record, "civil-affairs", Mappings(("social-security", "sex", "M", "1")));

        var unmapped = Assert.Single(result.Unmapped);
        Assert.Equal("person.sex", unmapped.Field);
        Assert.Equal(new LocalCodeKey("civil-affairs", "sex", "M"), unmapped.Key);
        Assert.Equal("男", unmapped.LocalLabel);
        Assert.Contains("no mapping", result.Reason);
        Assert.Equal("", record.Person.Sex.Code);
    }

    [Fact]
    public void Translate_SourceCodeWithSpaces_IsTrimmedBeforeLookup()
    {
        var record = Person(" M ");
        Assert.True(_translator.Translate(record, "civil-affairs", Mappings(("civil-affairs", "sex", "M", "1"))).Complete);
    }

    [Fact]
    public void Translate_UnknownDictionary_IsAnErrorNotAnUnmappedCode()
    {
        var record = Person("M");
        record.Person.Sex.Dictionary = "gender";

        var result = _translator.Translate(record, "civil-affairs", MappingSnapshot.Empty);

        Assert.Empty(result.Unmapped);
        Assert.Contains("unknown dictionary 'gender'", Assert.Single(result.Errors));
    }

    [Fact]
    public void Translate_CanonicalCodeGivenDirectly_IsCheckedAndLabelled()
    {
        var record = Person("");
        record.Person.Sex.Code = "2";

        Assert.True(_translator.Translate(record, "household", MappingSnapshot.Empty).Complete);
        Assert.Equal("女性", record.Person.Sex.Label);

        record.Person.Sex.Code = "7";
        Assert.Single(_translator.Translate(record, "household", MappingSnapshot.Empty).Errors);
    }

    [Fact]
    public void Translate_RecordWithRepeatedNestedMessages_StillFindsTheCodedValue()
    {
        var update = new IngestRecord
        {
            Kind = RecordKind.Resident,
            Person = new PersonRecord
            {
                Addresses = { new ResidentAddress { Address = new Address { RawText = "x" } } },
                Contacts = { new Contact { Value = "1" } },
                Sex = new CodedValue { Dictionary = "sex", SourceCode = "9" },
            },
        };
        var result = _translator.Translate(update, "grid", MappingSnapshot.Empty);
        Assert.Equal("person.sex", Assert.Single(result.Unmapped).Field);
    }

    [Fact]
    public void TranslateOrRestore_OneCodeUnmapped_LeavesEveryCodedValueAsItCame()
    {
        var record = Person("M", "HA");
        record.Person.Sex.Code = "stale";
        var received = record.Clone();

        var result = _translator.TranslateOrRestore(record, "civil-affairs", Mappings(("civil-affairs", "sex", "M", "1")));

        Assert.Equal("person.ethnicity", Assert.Single(result.Unmapped).Field);
        Assert.Equal(received, record);
    }

    [Fact]
    public void TranslateOrRestore_Complete_TranslatesInPlace()
    {
        var record = Person("M", "HA");

        var result = _translator.TranslateOrRestore(record, "civil-affairs",
            Mappings(("civil-affairs", "sex", "M", "1"), ("civil-affairs", "ethnicity", "HA", "01")));

        Assert.True(result.Complete);
        Assert.Equal(("1", "01"), (record.Person.Sex.Code, record.Person.Ethnicity.Code));
    }
}
