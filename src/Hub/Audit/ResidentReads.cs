using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Hub.Contracts.V1;
using Hub.Common;

namespace Hub.Audit;

/// <summary>What a message reveals about residents: who, which department facets and which fields.</summary>
public sealed record ResidentReads(IReadOnlyList<string> Residents, IReadOnlyList<string> Facets, IReadOnlyList<string> Fields)
{
    /// <summary>Nothing about anyone.</summary>
    public static readonly ResidentReads None = new([], [], []);

    /// <summary>
    /// Reads a request or response by reflection: every string field whose name ends in <c>resident_id</c> names a
    /// resident; <see cref="Resident"/> and <see cref="PersonRecord"/> values show core fields; OK facets show their
    /// department and fields. Works for messages added to the contracts later without a change here. Residents come
    /// from both messages (a merge names the merged resident only in its request); fields and facets from the response.
    /// </summary>
    public static ResidentReads Of(IMessage? request, IMessage? response)
    {
        var residents = new SortedSet<string>(StringComparer.Ordinal);
        var facets = new SortedSet<string>(StringComparer.Ordinal);
        var fields = new SortedSet<string>(StringComparer.Ordinal);
        if (request is not null)
            CollectIds(request, residents, 0);
        if (response is { } message)
        {
            CollectIds(message, residents, 0);
            MessageWalker.ForEach<Resident>(message, (r, _) => CoreFields(fields, r.Name, r.IdNumber, r.IdNumberMasked, r.BirthDate is not null,
                r.Contacts, r.Addresses.Count > 0));
            MessageWalker.ForEach<PersonRecord>(message, (r, _) => CoreFields(fields, r.Name, r.IdNumber, r.IdNumber.Contains('*'),
                r.BirthDate.Length > 0, r.Contacts, r.Addresses.Count > 0));
            MessageWalker.ForEach<Facet>(message, (f, _) =>
            {
                if (f.Status != FacetStatus.Ok)
                    return;
                facets.Add(f.Department);
                foreach (var name in f.Fields.Keys)
                    fields.Add($"{f.Department}.{name}");
            });
        }
        return residents.Count == 0 ? None : new ResidentReads([.. residents], [.. facets], [.. fields]);
    }

    private static void CoreFields(SortedSet<string> fields, string name, string idNumber, bool idMasked, bool birthDate,
        IEnumerable<Contact> contacts, bool addresses)
    {
        if (name.Length > 0)
            fields.Add("core.name");
        if (idNumber.Length > 0)
            fields.Add(idMasked ? "core.id_number:masked" : "core.id_number");
        if (birthDate)
            fields.Add("core.birth_date");
        foreach (var c in contacts)
            fields.Add(c.Kind is ContactKind.MobilePhone or ContactKind.Landline ? (c.Masked ? "core.phone:masked" : "core.phone") : "core.contact");
        if (addresses)
            fields.Add("core.address");
    }

    private static void CollectIds(IMessage message, SortedSet<string> residents, int depth)
    {
        if (depth > 32)
            return;
        foreach (var field in IdFields(message.Descriptor))
        {
            var value = field.Accessor.GetValue(message);
            if (field.FieldType == FieldType.String)
            {
                if (field.IsRepeated)
                {
                    foreach (var id in (IEnumerable<string>)value)
                        Add(residents, id);
                }
                else
                {
                    Add(residents, (string)value);
                }
            }
            else if (field.IsRepeated)
            {
                foreach (var item in (System.Collections.IEnumerable)value)
                    CollectIds((IMessage)item, residents, depth + 1);
            }
            else if (value is IMessage child)
            {
                CollectIds(child, residents, depth + 1);
            }
        }
    }

    // Per message type, the fields a walk for resident ids must visit: the string fields named *resident_id and the
    // message fields whose type can hold one at any depth. Worked out once per type, so every audited answer does not
    // read (and box) each of its fields, timestamps and source references by reflection to find the few that matter.
    private static readonly ConcurrentDictionary<MessageDescriptor, FieldDescriptor[]> IdFieldsOf = new();

    private static FieldDescriptor[] IdFields(MessageDescriptor descriptor) =>
        IdFieldsOf.GetOrAdd(descriptor, static d => d.Fields.InFieldNumberOrder()
            .Where(f => IsIdField(f) || (f.FieldType == FieldType.Message && !f.IsMap && CanHoldId(f.MessageType, [])))
            .ToArray());

    private static bool IsIdField(FieldDescriptor f) => f.FieldType == FieldType.String && f.Name.EndsWith("resident_id", StringComparison.Ordinal);

    // A type already on the way down (recursive messages) adds nothing new and counts as false there.
    private static bool CanHoldId(MessageDescriptor descriptor, HashSet<MessageDescriptor> seen) =>
        seen.Add(descriptor) && descriptor.Fields.InFieldNumberOrder()
            .Any(f => IsIdField(f) || (f.FieldType == FieldType.Message && !f.IsMap && CanHoldId(f.MessageType, seen)));

    // Only well-formed ids: a caller's garbage in a request names no one and must not fill the log.
    private static void Add(SortedSet<string> residents, string id)
    {
        if (id.Length is > 0 and <= 64 && WellFormed(id))
            residents.Add(id);
    }

    // A loop rather than LINQ's All, which allocated an enumerator for every id of every audited answer.
    private static bool WellFormed(string id)
    {
        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                return false;
        }
        return true;
    }
}
