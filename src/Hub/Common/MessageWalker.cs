using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Hub.Common;

/// <summary>
/// Finds every message of one type inside a protobuf message, by reflection, so code that
/// handles a type (coded values, addresses) keeps working when the contracts add fields.
/// </summary>
public static class MessageWalker
{
    // Per (message type, wanted type): the message fields under which the wanted type can occur. Worked
    // out once from the descriptors, so a walk skips timestamps and other subtrees that never hold it
    // (ingest walks every pushed record twice, and most of its fields lead nowhere).
    private static readonly ConcurrentDictionary<(MessageDescriptor, Type), FieldDescriptor[]> Leading = new();

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
        foreach (var field in FieldsLeadingTo(message.Descriptor, typeof(T)))
        {
            var value = field.Accessor.GetValue(message);
            if (field.IsRepeated)
            {
                var index = 0;
                foreach (var item in (System.Collections.IEnumerable)value)
                    Walk((IMessage)item, $"{Join(path, field.Name)}[{index++}]", visit);
            }
            else if (value is IMessage child)
            {
                Walk(child, Join(path, field.Name), visit);
            }
        }
    }

    /// <summary>
    /// Removes every <typeparamref name="T"/> that <paramref name="remove"/> picks from the repeated fields below
    /// <paramref name="root"/> (a single <typeparamref name="T"/> field is left alone); returns how many went.
    /// </summary>
    public static int RemoveAll<T>(IMessage root, Func<T, bool> remove) where T : class, IMessage
    {
        var removed = 0;
        foreach (var field in FieldsLeadingTo(root.Descriptor, typeof(T)))
        {
            var value = field.Accessor.GetValue(root);
            if (field.IsRepeated && field.MessageType.ClrType == typeof(T))
            {
                var list = (System.Collections.IList)value;
                for (var i = list.Count - 1; i >= 0; i--)
                {
                    if (remove((T)list[i]!))
                    {
                        list.RemoveAt(i);
                        removed++;
                    }
                }
            }
            else if (field.IsRepeated)
            {
                foreach (var item in (System.Collections.IEnumerable)value)
                    removed += RemoveAll((IMessage)item, remove);
            }
            else if (value is IMessage child && child is not T)
            {
                removed += RemoveAll(child, remove);
            }
        }
        return removed;
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static FieldDescriptor[] FieldsLeadingTo(MessageDescriptor descriptor, Type wanted) =>
        Leading.GetOrAdd((descriptor, wanted), static key => key.Item1.Fields.InFieldNumberOrder()
            .Where(f => f.FieldType == FieldType.Message && !f.IsMap && CanHold(f.MessageType, key.Item2, []))
            .ToArray());

    // True when a message of this type is, or can contain at any depth, the wanted type. A type already
    // on the way down (recursive messages) adds nothing new and counts as false there.
    private static bool CanHold(MessageDescriptor descriptor, Type wanted, HashSet<MessageDescriptor> seen) =>
        descriptor.ClrType == wanted
        || (seen.Add(descriptor) && descriptor.Fields.InFieldNumberOrder()
            .Any(f => f.FieldType == FieldType.Message && !f.IsMap && CanHold(f.MessageType, wanted, seen)));
}
