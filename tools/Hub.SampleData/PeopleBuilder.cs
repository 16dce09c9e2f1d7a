namespace Hub.SampleData;

/// <summary>
/// Builds households (singles, couples, parents with children, three generations) until the
/// population has the requested number of residents, then gives everyone an id number and phone.
/// </summary>
internal sealed partial class PeopleBuilder(GeneratorOptions options, Rng rng, Places places)
{
    private enum Kind { SingleYoung, SingleElderly, Couple, Family, WithParents, ElderlyWithSon, SingleParent }

    private static readonly Weighted<Kind> Kinds = new(
    [
        (Kind.SingleYoung, 7), (Kind.SingleElderly, 9), (Kind.Couple, 20), (Kind.Family, 33),
        (Kind.WithParents, 10), (Kind.ElderlyWithSon, 14), (Kind.SingleParent, 7),
    ]);

    private static readonly string[] PhonePrefixes =
    [
        "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
        "156", "157", "158", "159", "166", "173", "175", "176", "177", "180", "181", "182", "183", "185", "186",
        "187", "188", "189", "191", "198", "199",
    ];

    private readonly List<Person> _people = new(options.Residents);
    private readonly List<Household> _households = [];
    private readonly HashSet<long> _usedIdKeys = [];
    private readonly HashSet<long> _usedPhones = [];
    private readonly DateOnly _today = options.ReferenceDate;

    public (List<Person> People, List<Household> Households) Build(Action<int>? progress = null)
    {
        var nextReport = 100_000;
        while (_people.Count < options.Residents)
        {
            AddHousehold();
            if (_people.Count >= nextReport)
            {
                progress?.Invoke(_people.Count);
                nextReport += 100_000;
            }
        }
        return (_people, _households);
    }

    private void AddHousehold()
    {
        var ethnicity = rng.Chance(options.SheHouseholdRate) ? "22" : rng.Chance(options.UyghurHouseholdRate) ? "05" : "01";
        var address = places.NewAddress(rng, rural: ethnicity == "22");
        var members = Plan(Kinds.Pick(rng), ethnicity);
        // At most six people to a household; the last household takes only the residents still missing.
        var room = Math.Min(6, options.Residents - _people.Count);
        if (members.Count > room)
            members.RemoveRange(room, members.Count - room);
        Name(members, ethnicity);

        var householdId = _households.Count + 1;
        var ids = new int[members.Count];
        for (var i = 0; i < members.Count; i++)
        {
            var m = members[i];
            ids[i] = _people.Count + 1;
            var twinId = m.TwinOf is { } t ? _people.Count + 1 + (t - i) : 0;
            _people.Add(new Person(ids[i], householdId, m.Name!, m.Sex, m.Birth, m.Ethnicity,
                NewIdNumber(address.CountyCode, m.Birth, m.Sex), NewPhone(m.Birth), m.Relationship, twinId));
        }
        // Twins point at each other (the earlier one learns its twin's id now).
        foreach (var p in _people.Skip(ids[0] - 1).Where(p => p.TwinId != 0 && p.TwinId < p.Id).ToList())
            _people[p.TwinId - 1] = _people[p.TwinId - 1] with { TwinId = p.Id };
        var number = ((householdId * 7919L + 104_729) % 900_000_000 + 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _households.Add(new Household(householdId, number, address, ids));
    }

    private string NewIdNumber(string countyCode, DateOnly birth, PersonSex sex)
    {
        var area = long.Parse(countyCode, System.Globalization.CultureInfo.InvariantCulture);
        var date = birth.Year * 10_000L + birth.Month * 100 + birth.Day;
        for (var attempt = 0; ; attempt++)
        {
            var sequence = rng.Next(500) * 2 + (sex == PersonSex.Male ? 1 : 0);
            if (_usedIdKeys.Add((area * 100_000_000L + date) * 1000 + sequence))
                return CitizenId.Build(countyCode, birth, sequence);
            if (attempt > 2000)
                throw new InvalidOperationException($"no free id sequence for {countyCode} {birth}");
        }
    }

    private string? NewPhone(DateOnly birth)
    {
        var age = _today.Year - birth.Year;
        var share = age < 14 ? 0 : age < 18 ? 0.4 : age < 70 ? 0.92 : 0.55;
        if (!rng.Chance(share))
            return null;
        while (true)
        {
            var phone = rng.Pick(PhonePrefixes) + rng.Next(100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
            if (_usedPhones.Add(long.Parse(phone, System.Globalization.CultureInfo.InvariantCulture)))
                return phone;
        }
    }
}
