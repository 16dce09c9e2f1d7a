using System.Buffers;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hub.Contracts.V1;

namespace Hub.Federation;

/// <summary>
/// The adapters' <c>GetFacet</c> as the hub calls it. The request goes out as the generated client sends it; the
/// answer, a <see cref="GetFacetResponse"/> on the wire, is read straight into the <see cref="Facet"/> the resident
/// view returns (its fields and as-of time). The generated client would first build a GetFacetResponse, map and
/// entries, only for the hub to copy every entry into the facet's own map: four facets per read, each built twice.
/// </summary>
public static class FacetWire
{
    // GetFacetResponse (adapter.proto): fields = 1 (map), unsupported_fields = 2, as_of_time = 3; tags as (number << 3) | wire type 2.
    private const uint FieldsTag = 10;
    private const uint AsOfTimeTag = 26;

    // The codec the generated GetFacetResponse uses for its map: key = 1 (string), value = 2 (FacetValue).
    private static readonly MapField<string, FacetValue>.Codec FieldsCodec =
        new(FieldCodec.ForString(10, ""), FieldCodec.ForMessage(18, FacetValue.Parser), FieldsTag);

    private static readonly MessageParser<Reader> Parser = new MessageParser<Reader>(() => new Reader()).WithDiscardUnknownFields(true);

    /// <summary><c>hub.v1.DepartmentAdapterService/GetFacet</c>, answering with the facet's fields and as-of time.</summary>
    public static readonly Method<GetFacetRequest, Facet> GetFacet = new(
        MethodType.Unary,
        DepartmentAdapterService.Descriptor.FullName,
        "GetFacet",
        Marshallers.Create<GetFacetRequest>(Write, context => GetFacetRequest.Parser.ParseFrom(context.PayloadAsReadOnlySequence())),
        Marshallers.Create<Facet>(static (_, _) => throw new NotSupportedException("the hub only reads facet answers"),
            context => Read(context.PayloadAsReadOnlySequence())));

    /// <summary>
    /// A <see cref="GetFacetResponse"/> in its wire form read as a <see cref="Facet"/>: the map entries into
    /// <see cref="Facet.Fields"/> in the order sent (a repeated key keeps its place and takes the later value, as when
    /// parsing the response), <c>as_of_time</c> into <see cref="Facet.AsOfTime"/>; <c>unsupported_fields</c> and
    /// fields the hub does not know are skipped. Malformed input throws <see cref="InvalidProtocolBufferException"/>.
    /// </summary>
    public static Facet Read(ReadOnlySequence<byte> payload) => Parser.ParseFrom(payload).Facet;

    /// <inheritdoc cref="Read(ReadOnlySequence{byte})"/>
    public static Facet Read(byte[] payload) => Read(new ReadOnlySequence<byte>(payload));

    // As the generated marshaller writes a message: sized once, straight into the call's buffer.
    private static void Write(GetFacetRequest request, SerializationContext context)
    {
        context.SetPayloadLength(request.CalculateSize());
        request.WriteTo(context.GetBufferWriter());
        context.Complete();
    }

    // The parser's entry point into the wire (ParseContext) without a copy of the payload: a message type of its own
    // that only reads, as the generated GetFacetResponse does, but into a Facet.
    private sealed class Reader : IMessage<Reader>, IBufferMessage
    {
        private UnknownFieldSet? _skipped;

        public Facet Facet { get; } = new();

        public MessageDescriptor Descriptor => GetFacetResponse.Descriptor;

        public void MergeFrom(CodedInputStream input) => input.ReadRawMessage(this);

        void IBufferMessage.InternalMergeFrom(ref ParseContext input)
        {
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                switch (tag)
                {
                    case FieldsTag:
                        Facet.Fields.AddEntriesFrom(ref input, FieldsCodec);
                        break;
                    case AsOfTimeTag:
                        Facet.AsOfTime ??= new Timestamp();
                        input.ReadMessage(Facet.AsOfTime);
                        break;
                    default:
                        // Stepped over (the parser discards unknown fields), checked as the generated parser does; unsupported_fields too.
                        _skipped = UnknownFieldSet.MergeFieldFrom(_skipped, ref input);
                        break;
                }
            }
        }

        void IBufferMessage.InternalWriteTo(ref WriteContext output) => throw new NotSupportedException();

        public void WriteTo(CodedOutputStream output) => throw new NotSupportedException();

        public int CalculateSize() => throw new NotSupportedException();

        public void MergeFrom(Reader message) => throw new NotSupportedException();

        public Reader Clone() => throw new NotSupportedException();

        public bool Equals(Reader? other) => ReferenceEquals(this, other);

        public override bool Equals(object? obj) => ReferenceEquals(this, obj);

        public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
    }
}
