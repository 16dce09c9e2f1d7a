namespace Hub.SampleData;

/// <summary>The household registry (clean, authoritative) and civil affairs (subsidy families, older habits).</summary>
internal static class RegistryRecords
{
    /// <summary>Almost everyone: 18-character ids, GB codes, <c>19850312</c> dates, household number and relationship.</summary>
    public static List<DepartmentRecord> Household(GenerationContext ctx)
    {
        var rng = ctx.RngFor(Departments.Household);
        var selected = ctx.People.Where(_ => rng.Chance(ctx.Options.HouseholdCoverage)).ToList();
        rng.Shuffle(selected);
        var addressTexts = new string?[ctx.Households.Count];
        var records = new List<DepartmentRecord>(selected.Count);
        for (var n = 0; n < selected.Count; n++)
        {
            var p = selected[n];
            var household = ctx.HouseholdOf(p);
            var address = addressTexts[household.Id - 1] ??= household.Address.RegistryText();
            var raw = new RawPersonFields(p.IdNumber, p.Name, p.Sex == PersonSex.Male ? "1" : "2", Distortions.Compact(p.BirthDate),
                p.Ethnicity, "", address, household.Number, p.Relationship);
            records.Add(new DepartmentRecord(Departments.Household, $"HJ{330_800_000 + n + 1}", p.Id, raw, InjectedErrors.None));
        }
        return records;
    }

    /// <summary>
    /// Whole subsidy families: sex as 男/女, 15-digit ids on some older records, dates as
    /// <c>1985-03-12</c> or <c>1985/3/12</c>, some traditional characters and middle-dot variants.
    /// </summary>
    public static List<DepartmentRecord> CivilAffairs(GenerationContext ctx)
    {
        var o = ctx.Options;
        var rng = ctx.RngFor(Departments.CivilAffairs);
        var families = ctx.Households.Where(_ => rng.Chance(o.CivilAffairsHouseholdShare)).ToList();
        rng.Shuffle(families);
        var records = new List<DepartmentRecord>();
        for (var f = 0; f < families.Count; f++)
        {
            var family = families[f];
            var familyId = $"JT{f + 1:D8}";
            var address = family.Address.CivilAffairsText();
            foreach (var id in family.MemberIds)
            {
                var p = ctx.People[id - 1];
                var errors = InjectedErrors.None;
                var idNumber = p.IdNumber;
                if (p.BirthDate.Year < 1980 && rng.Chance(o.CivilAffairsLegacyIdRate))
                {
                    idNumber = CitizenId.ToLegacy15(idNumber);
                    errors |= InjectedErrors.IdLegacy15;
                }
                var name = p.Name;
                if (rng.Chance(o.CivilAffairsTraditionalNameRate) && Distortions.Traditional(rng, name) is { } traditional)
                {
                    name = traditional;
                    errors |= InjectedErrors.NameTraditional;
                }
                if (name.Contains('·') && rng.Chance(o.CivilAffairsMiddleDotVariantRate) && Distortions.MiddleDotVariant(rng, name) is { } dotted)
                {
                    name = dotted;
                    errors |= InjectedErrors.NameMiddleDot;
                }
                var sex = p.Sex == PersonSex.Male ? "男" : "女";
                var birth = rng.Chance(0.5) ? Distortions.Iso(p.BirthDate) : Distortions.Slashed(p.BirthDate);
                var ethnicity = RecordFactory.EthnicityName(p.Ethnicity);
                var phone = p.Phone is not null && rng.Chance(0.7) ? p.Phone : "";
                var raw = new RawPersonFields(idNumber, name, sex, birth, ethnicity, phone, address, familyId,
                    GenerationContext.RelationshipName(p.Relationship));
                records.Add(new DepartmentRecord(Departments.CivilAffairs, $"MZ{20_000_000 + records.Count + 1}", p.Id, raw, errors));
            }
        }
        return records;
    }
}
