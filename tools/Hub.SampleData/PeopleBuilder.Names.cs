namespace Hub.SampleData;

internal sealed partial class PeopleBuilder
{
    // Surnames pass from father to child (from the mother when there is none); spouses and
    // mothers bring their own. Some people get a very common full name; twins get related names.
    private void Name(List<Member> members, string householdEthnicity)
    {
        var used = new HashSet<string>();
        for (var i = 0; i < members.Count; i++)
        {
            var m = members[i];
            for (var attempt = 0; attempt < 10 && (m.Name is null || used.Contains(m.Name)); attempt++)
            {
                if (householdEthnicity == "05")
                {
                    m.Given = NamePools.UyghurName(rng, m.Sex).Split('·')[0];
                    m.Name = $"{m.Given}·{(m.Father is { Given.Length: > 0 } f ? f.Given : NamePools.UyghurName(rng, PersonSex.Male).Split('·')[0])}";
                    continue;
                }
                m.Surname = SurnameOf(m, members);
                var year = m.Birth.Year;
                if (m.TwinOf is { } twin)
                    m.Given = NamePools.TwinGivenName(rng, m.Sex, year, members[twin].Given);
                else if (NamePools.VeryCommon.TryGetValue((m.Surname, m.Sex), out var common) && rng.Chance(options.VeryCommonNameRate))
                {
                    m.Name = rng.Pick(common);
                    m.Given = m.Name[m.Surname.Length..];
                    continue;
                }
                else
                    m.Given = NamePools.GivenName(rng, m.Sex, year);
                m.Name = m.Surname + m.Given;
            }
            used.Add(m.Name!);
        }
    }

    private string SurnameOf(Member m, List<Member> members)
    {
        if (m.Surname.Length > 0)
            return m.Surname;
        if (m.Relationship == "51" && members[0].Surname.Length > 0)
            return members[0].Surname;
        if (m.Father is { Surname.Length: > 0 } father)
            return father.Surname;
        // A single mother's children take her surname; the head's mother may be She as well.
        if (m.Relationship is "21" or "22" or "23" or "24" or "31" or "32" or "33" or "34" && members[0].Surname.Length > 0)
            return members[0].Surname;
        return m.Ethnicity == "22" ? NamePools.SheSurnames.Pick(rng) : NamePools.Surnames.Pick(rng);
    }
}
