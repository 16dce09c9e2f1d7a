using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Hub.Tests.Security;

/// <summary>Builds requests of any message type filled with malformed, extreme and hostile values, by descriptor.</summary>
public static class HostileValues
{
    /// <summary>Strings a careless service would choke on: injection, traversal, control characters, huge, odd scripts.</summary>
    public static readonly string[] Strings =
    [
        "' OR 1=1; DROP TABLE audit_log; --",
        "../../../../etc/passwd",
        "\0\u0001\u001f\u007f\r\n\t",
        "𠮷野家😀\u202eevil\u200b",
        new string('A', 100_000),
        "%s%n{0}${jndi:ldap://x}",
        " ",
        "-1",
    ];

    /// <summary>A message of <paramref name="type"/> with every field set from variant <paramref name="variant"/>.</summary>
    public static IMessage Filled(MessageDescriptor type, int variant, int repeat = 3, int depth = 0, string? text = null)
    {
        var message = type.Parser.ParseFrom(ByteString.Empty);
        if (depth > 4)
            return message;
        if (message is Timestamp timestamp)
        {
            timestamp.Seconds = variant % 2 == 0 ? long.MaxValue : -62135596801;
            timestamp.Nanos = -1;
            return message;
        }
        foreach (var field in type.Fields.InFieldNumberOrder())
        {
            if (field.IsMap)
            {
                var map = (System.Collections.IDictionary)field.Accessor.GetValue(message);
                var entry = field.MessageType;
                var key = Scalar(entry.FindFieldByNumber(1), variant, text);
                var value = entry.FindFieldByNumber(2) is { FieldType: FieldType.Message } v ? Filled(v.MessageType, variant, repeat, depth + 1, text) : Scalar(entry.FindFieldByNumber(2), variant, text);
                if (key is not null && value is not null)
                    map[key] = value;
                continue;
            }
            if (field.IsRepeated)
            {
                var list = (System.Collections.IList)field.Accessor.GetValue(message);
                for (var i = 0; i < repeat; i++)
                {
                    var item = field.FieldType == FieldType.Message ? Filled(field.MessageType, variant + i, depth > 1 ? 1 : repeat, depth + 1, text) : Scalar(field, variant + i, text);
                    if (item is not null)
                        list.Add(item);
                }
                continue;
            }
            var single = field.FieldType == FieldType.Message ? Filled(field.MessageType, variant, repeat, depth + 1, text) : Scalar(field, variant, text);
            if (single is not null)
                field.Accessor.SetValue(message, single);
        }
        return message;
    }

    /// <summary>A copy of <paramref name="message"/> with its first string field (depth first) set to <paramref name="text"/>; false when it has none.</summary>
    public static bool SetFirstString(IMessage message, string text)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.IsMap)
                continue;
            if (field.FieldType == FieldType.String && !field.IsRepeated)
            {
                field.Accessor.SetValue(message, text);
                return true;
            }
            if (field.FieldType == FieldType.Message && !field.IsRepeated)
            {
                var child = (IMessage?)field.Accessor.GetValue(message) ?? field.MessageType.Parser.ParseFrom(ByteString.Empty);
                if (SetFirstString(child, text))
                {
                    field.Accessor.SetValue(message, child);
                    return true;
                }
            }
        }
        return false;
    }

    private static object? Scalar(FieldDescriptor field, int variant, string? text) => field.FieldType switch
    {
        FieldType.String => text ?? Strings[variant % Strings.Length],
        FieldType.Bytes => ByteString.CopyFrom([0xff, 0xfe, 0x00, .. System.Text.Encoding.UTF8.GetBytes(Strings[variant % Strings.Length])]),
        FieldType.Bool => variant % 2 == 0,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => (variant % 3) switch { 0 => int.MinValue, 1 => int.MaxValue, _ => -1 },
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => (variant % 3) switch { 0 => long.MinValue, 1 => long.MaxValue, _ => -1L },
        FieldType.UInt32 or FieldType.Fixed32 => uint.MaxValue,
        FieldType.UInt64 or FieldType.Fixed64 => ulong.MaxValue,
        FieldType.Double => (variant % 3) switch { 0 => double.NaN, 1 => double.PositiveInfinity, _ => -1e308 },
        FieldType.Float => float.NaN,
        // An enum number the contracts do not define, or the zero value.
        FieldType.Enum => System.Enum.ToObject(field.EnumType.ClrType, variant % 2 == 0 ? 999 : 0),
        _ => null,
    };
}
