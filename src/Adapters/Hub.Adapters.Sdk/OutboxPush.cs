using Google.Protobuf;
using Grpc.Core;
using Hub.Contracts.V1;

namespace Hub.Adapters;

/// <summary>
/// One PushRequest made of outbox entries as they are stored: the adapter id and each entry's record bytes with its
/// sequence, sent without parsing the records into messages and serialising them again.
/// </summary>
/// <param name="AdapterId">PushRequest.adapter_id.</param>
/// <param name="Entries">The records, in sequence order.</param>
/// <param name="Single">True to send the one entry in PushRequest.record (a hub that takes no batches); otherwise PushRequest.records.</param>
public sealed record OutboxPush(string AdapterId, IReadOnlyList<OutboxEntry> Entries, bool Single)
{
    /// <summary>IngestService.Push with requests written from stored bytes; the same method and wire format as the generated client's.</summary>
    public static readonly Method<OutboxPush, PushResponse> Method = new(
        MethodType.DuplexStreaming, IngestService.Descriptor.FullName, "Push",
        Marshallers.Create<OutboxPush>(static (push, context) => push.WriteTo(context), static _ => throw new NotSupportedException("the adapter only sends PushRequests")),
        Marshallers.Create(static (PushResponse r) => r.ToByteArray(), PushResponse.Parser.ParseFrom));

    // Each stored record is an IngestRecord serialised without its sequence (the collector clears it), so the sequence's
    // encoding appended to the bytes sets it: a protobuf message may carry its fields in any order.
    private static int SequenceSize(long sequence) =>
        CodedOutputStream.ComputeTagSize(IngestRecord.SequenceFieldNumber) + CodedOutputStream.ComputeInt64Size(sequence);

    /// <summary>The encoded PushRequest: the same bytes as the generated message would give for the parsed records with their sequences.</summary>
    public byte[] ToByteArray()
    {
        var bytes = new byte[CalculateSize()];
        Write(bytes);
        return bytes;
    }

    private int RecordField => Single ? PushRequest.RecordFieldNumber : PushRequest.RecordsFieldNumber;

    private int CalculateSize()
    {
        var size = AdapterId.Length == 0 ? 0 : CodedOutputStream.ComputeTagSize(PushRequest.AdapterIdFieldNumber) + CodedOutputStream.ComputeStringSize(AdapterId);
        foreach (var entry in Entries)
        {
            var length = entry.Record.Length + SequenceSize(entry.Sequence);
            size += CodedOutputStream.ComputeTagSize(RecordField) + CodedOutputStream.ComputeLengthSize(length) + length;
        }
        return size;
    }

    // Written straight into the transport's buffer (CodedOutputStream takes only arrays and streams): tags, lengths and
    // varints by hand, as the protobuf encoding defines them.
    private int Write(Span<byte> output)
    {
        var at = 0;
        if (AdapterId.Length > 0)
        {
            at += Varint(output[at..], Tag(PushRequest.AdapterIdFieldNumber, WireFormat.WireType.LengthDelimited));
            at += Varint(output[at..], (ulong)System.Text.Encoding.UTF8.GetByteCount(AdapterId));
            at += System.Text.Encoding.UTF8.GetBytes(AdapterId, output[at..]);
        }
        foreach (var entry in Entries)
        {
            at += Varint(output[at..], Tag(RecordField, WireFormat.WireType.LengthDelimited));
            at += Varint(output[at..], (ulong)(entry.Record.Length + SequenceSize(entry.Sequence)));
            entry.Record.CopyTo(output[at..]);
            at += entry.Record.Length;
            at += Varint(output[at..], Tag(IngestRecord.SequenceFieldNumber, WireFormat.WireType.Varint));
            at += Varint(output[at..], (ulong)entry.Sequence);
        }
        return at;
    }

    private static ulong Tag(int field, WireFormat.WireType type) => WireFormat.MakeTag(field, type);

    private static int Varint(Span<byte> output, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            output[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        output[i++] = (byte)value;
        return i;
    }

    private void WriteTo(SerializationContext context)
    {
        var size = CalculateSize();
        context.SetPayloadLength(size);
        var writer = context.GetBufferWriter();
        writer.Advance(Write(writer.GetSpan(size)[..size]));
        context.Complete();
    }
}
