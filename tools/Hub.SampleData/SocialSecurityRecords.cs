namespace Hub.SampleData;

/// <summary>
/// An AC01-style person table (AAC002 id number, AAC003 name, AAC004 sex, AAC006 birth date) for
/// insured adults aged 18–75, with typed-in errors.
/// </summary>
internal static class SocialSecurityRecords
{
    public static List<DepartmentRecord> Generate(GenerationContext ctx)
    {
        var o = ctx.Options;
        var rng = ctx.RngFor(Departments.SocialSecurity);
        var selected = ctx.People.Where(p => p.AgeOn(o.ReferenceDate) is >= 18 and <= 75 && rng.Chance(o.SocialSecurityAdultShare)).ToList();
        rng.Shuffle(selected);
        var records = new List<DepartmentRecord>(selected.Count);
        for (var n = 0; n < selected.Count; n++)
        {
            var p = selected[n];
            var errors = InjectedErrors.None;
            var id = IdNumber(rng, o, p, ref errors);
            var name = p.Name;
            if (rng.Chance(o.SocialSecurityHomophoneRate) && Distortions.Homophone(rng, name) is { } homophone)
            {
                name = homophone;
                errors |= InjectedErrors.NameHomophone;
            }
            var birth = p.BirthDate;
            // The rate is of all records; only some dates can be swapped into another valid date.
            if (Distortions.Swapped(birth) is { } swapped && rng.Chance(o.SocialSecuritySwappedDateRate / Distortions.SwappableShare))
            {
                birth = swapped;
                errors |= InjectedErrors.DateSwapped;
            }
            string birthText;
            if (rng.Chance(o.SocialSecurityExcelDateRate))
            {
                birthText = Distortions.ExcelSerial(birth);
                errors |= InjectedErrors.DateExcelSerial;
            }
            else
                birthText = rng.Chance(0.5) ? Distortions.Iso(birth) : Distortions.Compact(birth);
            var phone = p.Phone is not null && rng.Chance(0.5) ? p.Phone : "";
            var raw = new RawPersonFields(id, name, p.Sex == PersonSex.Male ? "1" : "2", birthText, p.Ethnicity, phone, "", "", "");
            records.Add(new DepartmentRecord(Departments.SocialSecurity, $"AC01:{3_308_000_000L + n + 1}", p.Id, raw, errors));
        }
        return records;
    }

    private static string IdNumber(Rng rng, GeneratorOptions o, Person p, ref InjectedErrors errors)
    {
        if (rng.Chance(o.SocialSecurityMissingIdRate))
        {
            errors |= InjectedErrors.IdMissing;
            return "";
        }
        var id = p.IdNumber;
        if (rng.Chance(o.SocialSecurityIdTypoRate))
        {
            id = Distortions.MistypeDigit(rng, id);
            errors |= InjectedErrors.IdTypo;
        }
        if (id[^1] == 'X' && rng.Chance(o.SocialSecurityLowerXRate))
        {
            id = id[..^1] + "x";
            errors |= InjectedErrors.IdLowerX;
        }
        if (rng.Chance(o.SocialSecurityFullWidthIdRate))
        {
            id = Distortions.FullWidth(id);
            errors |= InjectedErrors.IdFullWidth;
        }
        return id;
    }
}
