using Google.Protobuf;
using Hub.Adapters;
using Hub.Contracts.V1;

namespace Hub.Tests.Adapters;

public sealed class OutboxPushTests
{
    private static IngestRecord Stored(string localId, string changeToken) => new()
    {
        Kind = RecordKind.Resident,
        ChangeToken = changeToken,
        SourceRef = new SourceRef { Department = "household", LocalId = localId },
        Person = new PersonRecord
        {
            SourceRef = new SourceRef { Department = "household", LocalId = localId },
            Name = "张三",
            Sex = new CodedValue { Dictionary = "sex", SourceCode = "1" },
            Addresses = { new ResidentAddress { Address = new Address { RawText = "浙江省衢州市柯城区新新街道新桥路12号" } } },
        },
    };

    private static OutboxEntry Entry(long sequence, IngestRecord record) => new(sequence, record.SourceRef.LocalId, record.ChangeToken, record.ToByteArray());

    [Fact]
    public void ToByteArray_Batch_ParsesAsTheRequestOfTheParsedRecordsWithTheirSequences()
    {
        var records = new[] { Stored("a", "{\"p\":\"1\"}"), Stored("b", ""), new IngestRecord { Kind = RecordKind.Tombstone, SourceRef = new SourceRef { Department = "household", LocalId = "c" } } };
        var entries = records.Select((r, i) => Entry(1L << (7 * i), r)).ToList(); // 1, 128, 16384: one-, two- and three-byte varints

        var parsed = PushRequest.Parser.ParseFrom(new OutboxPush("household-sql-1", entries, Single: false).ToByteArray());

        var expected = new PushRequest { AdapterId = "household-sql-1" };
        for (var i = 0; i < records.Length; i++)
            expected.Records.Add(records[i].Clone().Also(r => r.Sequence = entries[i].Sequence));
        Assert.Equal(expected, parsed);
    }

    [Fact]
    public void ToByteArray_Single_FillsRecord()
    {
        var record = Stored("a", "t");

        var parsed = PushRequest.Parser.ParseFrom(new OutboxPush("grid-1", [Entry(300, record)], Single: true).ToByteArray());

        Assert.Equal(new PushRequest { AdapterId = "grid-1", Record = record.Clone().Also(r => r.Sequence = 300) }, parsed);
        Assert.Empty(parsed.Records);
    }
}

internal static class RecordExtensions
{
    public static IngestRecord Also(this IngestRecord record, Action<IngestRecord> change)
    {
        change(record);
        return record;
    }
}
