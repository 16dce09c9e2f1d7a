using Hub.Adapters;
using Hub.Adapters.Sql;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;

namespace Hub.Tests.Adapters;

public sealed class SqlMappingReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private const string Valid = """
        department: household
        provider: sqlite
        connection: "Data Source=household.db"
        entities:
          - name: residents
            kind: resident
            query: SELECT * FROM HJ_RK
            key: RYBH
            change: { column: GXSJ, type: timestamp }
            fields:
              name: { column: XM, transform: [trim] }
              sex: { column: XB, dictionary: sex }
              birth_date: { column: CSRQ, transform: [{ date: yyyyMMdd }] }
              registered_address: { concat: [SSXQ, JLX], separator: " " }
        """;

    [Fact]
    public void Read_ValidFile_MapsEveryPart()
    {
        var mapping = SqlMappingReader.Read(Write("ok.yaml", Valid));
        Assert.Equal("household", mapping.Department);
        Assert.Equal(SqlProvider.Sqlite, mapping.Provider);
        var entity = Assert.Single(mapping.Entities);
        Assert.Equal(RecordKind.Resident, entity.Kind);
        Assert.Equal(("GXSJ", ChangeKind.Timestamp), (entity.ChangeColumn, entity.ChangeKind));
        Assert.Equal(["SSXQ", "JLX"], entity.Fields.Single(f => f.Target == "registered_address").Columns);
        Assert.Equal("sex", entity.Fields.Single(f => f.Target == "sex").Dictionary);
        Assert.Equal(["yyyyMMdd"], entity.Fields.Single(f => f.Target == "birth_date").Transforms.Single().Formats);
    }

    [Theory]
    [InlineData("sex: { column: XB, dictionary: sex }", "sex: { column: XB }", "bad.yaml:12: entities[0].fields.sex: 'sex' is coded: dictionary is required")]
    [InlineData("name: { column: XM, transform: [trim] }", "name: { column: XM, transform: [trm] }", "bad.yaml:11: entities[0].fields.name.transform[0]: unknown transform 'trm'")]
    [InlineData("birth_date:", "birthday:", "bad.yaml:13: entities[0].fields.birthday: unknown contract field 'birthday'")]
    [InlineData("provider: sqlite", "provider: oracle", "bad.yaml:2: provider: unknown provider 'oracle'")]
    [InlineData("type: timestamp", "type: rowversion", "bad.yaml:9: entities[0].change.type: unknown change type 'rowversion'")]
    [InlineData("    key: RYBH\n", "", "bad.yaml:5: entities[0]: 'key' is required")]
    public void Read_Mistake_ErrorNamesFileLineAndField(string from, string to, string expected)
    {
        var e = Assert.Throws<AdapterConfigurationException>(() => SqlMappingReader.Read(Write("bad.yaml", Valid.Replace(from, to))));
        Assert.StartsWith(expected, e.Message);
    }

    [Fact]
    public void Read_ConnectionVariableNotSet_ErrorNamesIt()
    {
        var e = Assert.Throws<AdapterConfigurationException>(() =>
            SqlMappingReader.Read(Write("env.yaml", Valid.Replace("\"Data Source=household.db\"", "\"${HUB_TEST_NOT_SET_9F2}\""))));
        Assert.Equal("env.yaml:3: connection: environment variable HUB_TEST_NOT_SET_9F2 is not set", e.Message);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder.Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => _folder.Dispose();
}
