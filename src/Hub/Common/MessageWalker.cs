using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Hub.Common;

/// <summary>
/// Finds every message of one type inside a protobuf message, by reflection, so code that
/// handles a type (coded values, addresses) keeps working when the contracts add fields.
/// </summary>
public static class MessageWalker
{
    /// <summary>Calls <paramref name="visit"/> for each <typeparamref name="T"/> below <paramref name="root"/>, with its field path (e.g. <c>person.addresses[0].address</c>).</summary>
    public static void ForEach<T>(IMessage root, Action<T, string> visit) where T : class, IMessage =>
        Walk(root, "", visit);

    private static void Walk<T>(IMessage message, string path, Action<T, string> visit) where T : class, IMessage
    {
        if (message is T match)
        {
            visit(match, path);
            return;
        }
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType != FieldType.Message || field.IsMap)
                continue;
            var name = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            var value = field.Accessor.GetValue(message);
            if (field.IsRepeated)
            {
                var index = 0;
                foreach (var item in (System.Collections.IEnumerable)value)
                    Walk((IMessage)item, $"{name}[{index++}]", visit);
            }
            else if (value is IMessage child)
            {
                Walk(child, name, visit);
            }
        }
    }
}
