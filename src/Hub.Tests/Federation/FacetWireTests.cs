using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hub.Contracts.V1;
using Hub.Federation;

namespace Hub.Tests.Federation;

public sealed class FacetWireTests
{
    private static FacetValue Text(string value) => new() { Text = value };

    [Fact]
    public void Read_AdapterAnswer_SameFieldsInOrderAndAsOfTime()
    {
        var answer = new GetFacetResponse
        {
            Fields = { ["status"] = Text("active"), ["amount"] = new FacetValue { Integer = 42 }, ["since"] = Text("2020-01-02") },
            UnsupportedFields = { "blood_type" },
            AsOfTime = new Timestamp { Seconds = 1_700_000_000, Nanos = 5 },
        };

        var facet = FacetWire.Read(answer.ToByteArray());

        Assert.Equal(answer.Fields.Keys, facet.Fields.Keys);
        Assert.Equal(answer.Fields, facet.Fields);
        Assert.Equal(answer.AsOfTime, facet.AsOfTime);
        Assert.Empty(facet.DeniedFields);
        Assert.Equal("", facet.Department);
    }

    [Fact]
    public void Read_EmptyAnswer_NoFieldsNoTime()
    {
        var facet = FacetWire.Read([]);

        Assert.Empty(facet.Fields);
        Assert.Null(facet.AsOfTime);
    }

    [Fact]
    public void Read_RepeatedKeyAndUnknownFields_AsTheGeneratedParser()
    {
        // Two entries for one key, then a field number adapter.proto does not have: what a newer adapter could send.
        var first = new GetFacetResponse { Fields = { ["status"] = Text("old"), ["since"] = Text("2020") } }.ToByteArray();
        var again = new GetFacetResponse { Fields = { ["status"] = Text("new") } }.ToByteArray();
        var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(99, WireFormat.WireType.LengthDelimited);
        output.WriteString("from a newer adapter");
        output.WriteTag(98, WireFormat.WireType.Varint);
        output.WriteInt64(7);
        output.Flush();
        byte[] payload = [.. first, .. again, .. stream.ToArray()];

        var expected = GetFacetResponse.Parser.ParseFrom(payload);
        var facet = FacetWire.Read(payload);

        Assert.Equal(["status", "since"], facet.Fields.Keys);
        Assert.Equal(expected.Fields, facet.Fields);
        Assert.Equal("new", facet.Fields["status"].Text);
    }

    [Fact]
    public void Read_AnswerSplitAcrossSegments_SameAsWhole()
    {
        // The call's payload can arrive in several buffers.
        var payload = new GetFacetResponse { Fields = { ["status"] = Text("active"), ["since"] = Text("2020-01-02") }, AsOfTime = new Timestamp { Seconds = 9 } }.ToByteArray();
        var first = new Segment(payload.AsMemory(0, 7));
        var last = first.Append(payload.AsMemory(7));

        var facet = FacetWire.Read(new System.Buffers.ReadOnlySequence<byte>(first, 0, last, last.Memory.Length));

        Assert.Equal(FacetWire.Read(payload), facet);
    }

    private sealed class Segment : System.Buffers.ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }

    [Fact]
    public void Read_Truncated_Throws()
    {
        var payload = new GetFacetResponse { Fields = { ["status"] = Text("active") } }.ToByteArray();

        Assert.Throws<InvalidProtocolBufferException>(() => FacetWire.Read(payload[..^2]));
    }

    [Fact]
    public void GetFacet_IsTheAdapterMethod()
    {
        Assert.Equal("/hub.v1.DepartmentAdapterService/GetFacet", FacetWire.GetFacet.FullName);
        Assert.Equal(global::Grpc.Core.MethodType.Unary, FacetWire.GetFacet.Type);
    }
}
