using Google.Protobuf;
using Hub.Common;
using Hub.Contracts.V1;

namespace Hub.Security;

/// <summary>
/// Takes out of a response what the caller's policy does not grant: citizen ID numbers and phone numbers are
/// masked, facets of departments it may not read are emptied and marked DENIED, facet fields it may not receive
/// are removed and listed as denied, links and source references of departments it may not read are left out. Works on any response by type, so RPCs added later are covered too.
/// </summary>
public static class ResponseFilter
{
    /// <summary>A filtered copy of <paramref name="response"/>, or the same object when nothing needed filtering.</summary>
    public static T Apply<T>(T response, CallerPolicy policy) where T : class
    {
        if (response is not IMessage message || !NeedsWork(message, policy))
            return response;
        var copy = message.Descriptor.Parser.ParseFrom(message.ToByteString());
        var showIds = policy.AllowsField(Grants.IdNumberField);
        var showPhones = policy.AllowsField(Grants.PhoneField);
        if (!showIds)
        {
            MessageWalker.ForEach<Resident>(copy, (r, _) =>
            {
                if (r.IdNumber.Length > 0 && !r.IdNumberMasked)
                {
                    r.IdNumber = Masks.IdNumber(r.IdNumber);
                    r.IdNumberMasked = true;
                }
            });
            MessageWalker.ForEach<PersonRecord>(copy, (r, _) => r.IdNumber = r.IdNumber.Length > 0 ? Masks.IdNumber(r.IdNumber) : "");
        }
        if (!showPhones)
        {
            MessageWalker.ForEach<Contact>(copy, (c, _) =>
            {
                if (c.Kind is ContactKind.MobilePhone or ContactKind.Landline && !c.Masked && c.Value.Length > 0)
                {
                    c.Value = Masks.Phone(c.Value);
                    c.Masked = true;
                }
            });
        }
        MessageWalker.ForEach<Facet>(copy, (f, _) => FilterFacet(f, policy));
        // Where a resident has records is itself personal data (a link to health says they are a patient): a caller
        // sees links and source references only of the departments it may read.
        if (!policy.Departments.Contains("*"))
        {
            MessageWalker.RemoveAll<IdentityLink>(copy, l => l.SourceRef is { } r && !policy.AllowsDepartment(r.Department));
            MessageWalker.RemoveAll<SourceRef>(copy, r => !policy.AllowsDepartment(r.Department));
        }
        return (T)copy;
    }

    private static void FilterFacet(Facet facet, CallerPolicy policy)
    {
        if (!policy.AllowsDepartment(facet.Department))
        {
            facet.Status = FacetStatus.Denied;
            facet.StatusDetail = $"missing grant department:{facet.Department}";
            facet.Fields.Clear();
            return;
        }
        foreach (var field in facet.Fields.Keys.ToList())
        {
            if (policy.AllowsField(facet.Department, field))
                continue;
            facet.Fields.Remove(field);
            facet.DeniedFields.Add(field);
        }
    }

    // Most callers of most RPCs have nothing to hide: skip the copy then.
    private static bool NeedsWork(IMessage message, CallerPolicy policy)
    {
        var showAll = policy.AllowsField(Grants.IdNumberField) && policy.AllowsField(Grants.PhoneField)
            && policy.Fields.Contains("*") && policy.Departments.Contains("*");
        if (showAll)
            return false;
        var found = false;
        MessageWalker.ForEach<Resident>(message, (_, _) => found = true);
        MessageWalker.ForEach<PersonRecord>(message, (_, _) => found = true);
        MessageWalker.ForEach<Contact>(message, (_, _) => found = true);
        MessageWalker.ForEach<Facet>(message, (_, _) => found = true);
        if (!policy.Departments.Contains("*"))
        {
            MessageWalker.ForEach<IdentityLink>(message, (_, _) => found = true);
            MessageWalker.ForEach<SourceRef>(message, (_, _) => found = true);
        }
        return found;
    }
}

/// <summary>How masked values look: enough left to tell records apart in a list, not enough to use.</summary>
public static class Masks
{
    /// <summary><c>330802198503120020</c> → <c>330802********0020</c> (region and last four kept).</summary>
    public static string IdNumber(string id) =>
        id.Length <= 10 ? new string('*', id.Length) : id[..6] + new string('*', id.Length - 10) + id[^4..];

    /// <summary><c>+8613812345678</c> → <c>+86138****5678</c> (the last four and the prefix kept).</summary>
    public static string Phone(string phone)
    {
        if (phone.Length <= 7)
            return new string('*', phone.Length);
        var keepStart = Math.Min(phone.Length - 8, 6);
        return phone[..keepStart] + new string('*', phone.Length - keepStart - 4) + phone[^4..];
    }
}
