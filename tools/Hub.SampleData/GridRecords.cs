using System.Globalization;

namespace Hub.SampleData;

/// <summary>
/// Residents known to grid workers: always a phone, often no id number, names typed with spaces,
/// birth dates in Chinese (often year and month only), addresses in grid style, some stale.
/// </summary>
internal static class GridRecords
{
    public static List<DepartmentRecord> Generate(GenerationContext ctx)
    {
        var o = ctx.Options;
        var rng = ctx.RngFor(Departments.Grid);
        var selected = new List<Person>();
        foreach (var household in ctx.Households)
            if (rng.Chance(o.GridHouseholdShare))
                foreach (var id in household.MemberIds)
                    if (rng.Chance(o.GridMemberShare))
                        selected.Add(ctx.People[id - 1]);
        rng.Shuffle(selected);
        var previousAddresses = new Dictionary<int, SampleAddress>();
        var records = new List<DepartmentRecord>(selected.Count);
        for (var n = 0; n < selected.Count; n++)
        {
            var p = selected[n];
            var household = ctx.HouseholdOf(p);
            var errors = InjectedErrors.None;

            var phone = p.Phone;
            if (phone is null)
            {
                // Children and many elderly people are reached through a relative's phone.
                phone = household.MemberIds.Select(i => ctx.People[i - 1].Phone).FirstOrDefault(ph => ph is not null);
                if (phone is not null)
                    errors |= InjectedErrors.PhoneOfRelative;
                else
                    phone = "1" + rng.Next(3, 10).ToString(CultureInfo.InvariantCulture) + rng.Next(1_000_000_000).ToString("D9", CultureInfo.InvariantCulture);
            }

            var idNumber = rng.Chance(o.GridIdRate) ? p.IdNumber : "";
            if (idNumber.Length == 0)
                errors |= InjectedErrors.IdMissing;

            var name = p.Name;
            if (rng.Chance(o.GridNameSpacesRate))
            {
                name = Distortions.Spaced(rng, name);
                errors |= InjectedErrors.NameSpaces;
            }
            else if (rng.Chance(o.GridNameFullWidthRate))
            {
                name = Distortions.FullWidthName(rng, name);
                errors |= InjectedErrors.NameFullWidth;
            }

            string birth;
            if (rng.Chance(o.GridYearMonthOnlyRate))
            {
                birth = Distortions.ChineseYearMonth(p.BirthDate);
                errors |= InjectedErrors.DateYearMonthOnly;
            }
            else
                birth = Distortions.Chinese(p.BirthDate);

            var address = household.Address;
            if (rng.Chance(o.GridOldAddressRate))
            {
                if (!previousAddresses.TryGetValue(household.Id, out var previous))
                    previousAddresses[household.Id] = previous = ctx.Places.NewAddressNear(rng, address);
                address = previous;
                errors |= InjectedErrors.OldAddress;
            }

            var sex = p.Sex == PersonSex.Male ? "男性" : "女性";
            var raw = new RawPersonFields(idNumber, name, sex, birth, "", phone, address.GridText(), "", "");
            records.Add(new DepartmentRecord(Departments.Grid, $"WG{10_000_000 + n + 1}", p.Id, raw, errors));
        }
        return records;
    }
}
