namespace Hub.SampleData;

internal sealed partial class PeopleBuilder
{
    private sealed class Member(PersonSex sex, DateOnly birth, string relationship)
    {
        public PersonSex Sex { get; } = sex;
        public DateOnly Birth { get; } = birth;
        public string Relationship { get; } = relationship;
        public string Ethnicity { get; set; } = "01";
        public Member? Father { get; set; }
        public int? TwinOf { get; set; }
        public string Surname { get; set; } = "";
        public string Given { get; set; } = "";
        public string? Name { get; set; }
    }

    // Members of one household, the head first, with GB/T 4761 relationships to the head.
    private List<Member> Plan(Kind kind, string ethnicity)
    {
        var members = new List<Member>();
        Member Add(PersonSex sex, DateOnly birth, string relationship)
        {
            var m = new Member(sex, birth, relationship) { Ethnicity = ethnicity };
            members.Add(m);
            return m;
        }
        switch (kind)
        {
            case Kind.SingleYoung:
                Add(RandomSex(), BornAged(20, 40), "02");
                break;
            case Kind.SingleElderly:
                Add(rng.Chance(0.6) ? PersonSex.Female : PersonSex.Male, BornAged(65, 96), "02");
                break;
            case Kind.Couple:
                Couple(Add, BornAged(24, 86));
                break;
            case Kind.Family:
            case Kind.WithParents:
            {
                var (head, spouse) = Couple(Add, BornAged(27, 56));
                var (father, mother) = head.Sex == PersonSex.Male ? (head, spouse) : (spouse, head);
                Children(members, father, mother, rng.Chance(0.6) ? 1 : rng.Chance(0.88) ? 2 : 3, grandchildren: false);
                if (kind == Kind.WithParents)
                {
                    var age = rng.Next(24, 34);
                    var dad = Add(PersonSex.Male, head.Birth.AddYears(-age - rng.Next(0, 4)).AddDays(-rng.Next(365)), "51");
                    head.Father = dad;
                    if (rng.Chance(0.7))
                        Add(PersonSex.Female, head.Birth.AddYears(-age).AddDays(-rng.Next(365)), "52");
                }
                break;
            }
            case Kind.ElderlyWithSon:
            {
                var (head, spouse) = Couple(Add, BornAged(55, 82), headSex: PersonSex.Male);
                var son = Add(PersonSex.Male, ChildBirth(spouse.Birth, 22, 34), "20");
                son.Father = head;
                var daughterInLaw = Add(PersonSex.Female, son.Birth.AddDays(rng.Next(-1500, 1200)), "38");
                if (daughterInLaw.Ethnicity == "22" && rng.Chance(0.4))
                    daughterInLaw.Ethnicity = "01";
                Children(members, son, daughterInLaw, rng.Chance(0.6) ? 1 : 2, grandchildren: true);
                break;
            }
            case Kind.SingleParent:
            {
                var head = Add(rng.Chance(0.65) ? PersonSex.Female : PersonSex.Male, BornAged(30, 52), "02");
                Children(members, head.Sex == PersonSex.Male ? head : null, head, rng.Chance(0.7) ? 1 : 2, grandchildren: false);
                break;
            }
        }
        return members;
    }

    private (Member Head, Member Spouse) Couple(Func<PersonSex, DateOnly, string, Member> add, DateOnly headBirth, PersonSex? headSex = null)
    {
        var sex = headSex ?? (rng.Chance(0.8) ? PersonSex.Male : PersonSex.Female);
        var head = add(sex, headBirth, "02");
        // Husbands are usually a little older.
        var gap = rng.Next(-1, 6) * 365 + rng.Next(365);
        var spouseBirth = sex == PersonSex.Male ? headBirth.AddDays(gap) : headBirth.AddDays(-gap);
        if (spouseBirth > _today.AddYears(-20))
            spouseBirth = _today.AddYears(-20).AddDays(-rng.Next(365));
        var spouse = add(sex == PersonSex.Male ? PersonSex.Female : PersonSex.Male, spouseBirth, "10");
        // Spouses of minority households are often Han.
        if (spouse.Ethnicity == "22" && rng.Chance(0.4))
            spouse.Ethnicity = "01";
        return (head, spouse);
    }

    // Children of a mother. The head's own children get 独生子 21 / 长子 22, 次子 23 ... and
    // 独生女 31 / 长女 32 ...; grandchildren get 孙子 41 / 孙女 42.
    private void Children(List<Member> members, Member? father, Member mother, int count, bool grandchildren)
    {
        var births = Enumerable.Range(0, count).Select(_ => ChildBirth(mother.Birth, 21, 39)).Order().ToList();
        for (var i = 1; i < births.Count; i++)
            if (births[i].DayNumber - births[i - 1].DayNumber < 300)
                births[i] = births[i - 1].AddDays(rng.Next(400, 1500));
        births.RemoveAll(b => b >= _today);
        var twins = births.Count > 0 && rng.Chance(options.TwinRate);
        if (twins)
            births.Insert(1, births[0]);
        int sons = 0, daughters = 0, firstIndex = members.Count;
        for (var i = 0; i < births.Count; i++)
        {
            var sex = RandomSex();
            var order = births.Count == 1 ? 1 : Math.Min(2 + (sex == PersonSex.Male ? sons++ : daughters++), 6);
            var code = grandchildren
                ? (sex == PersonSex.Male ? "41" : "42")
                : (sex == PersonSex.Male ? "2" : "3") + order.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var child = new Member(sex, births[i], code)
            {
                Father = father,
                // A child of a mixed marriage takes the minority ethnicity.
                Ethnicity = mother.Ethnicity != "01" ? mother.Ethnicity : father?.Ethnicity ?? mother.Ethnicity,
                TwinOf = twins && i == 1 ? firstIndex : null,
            };
            members.Add(child);
        }
    }

    private DateOnly ChildBirth(DateOnly motherBirth, int minAge, int maxAge)
    {
        var motherAge = _today.Year - motherBirth.Year;
        var age = rng.Next(minAge, Math.Max(minAge + 1, Math.Min(maxAge, motherAge)));
        var birth = motherBirth.AddYears(age).AddDays(rng.Next(365));
        return birth < _today ? birth : _today.AddDays(-rng.Next(1, 300));
    }

    private DateOnly BornAged(int minAge, int maxAgeExclusive) =>
        _today.AddYears(-rng.Next(minAge, maxAgeExclusive)).AddDays(-rng.Next(365));

    private PersonSex RandomSex() => rng.Chance(0.51) ? PersonSex.Male : PersonSex.Female;
}
