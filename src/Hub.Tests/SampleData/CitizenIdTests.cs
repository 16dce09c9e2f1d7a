using Hub.SampleData;

namespace Hub.Tests.SampleData;

public sealed class CitizenIdTests
{
    [Theory]
    [InlineData("11010519491231002", 'X')]
    [InlineData("44052418800101001", '4')]
    [InlineData("33080219850312123", '4')]
    public void CheckCharacter_KnownNumbers_ReturnsPublishedCheck(string first17, char expected) =>
        Assert.Equal(expected, CitizenId.CheckCharacter(first17));

    [Theory]
    [InlineData("11010519491231002X", true)]
    [InlineData("11010519491231002x", false)]
    [InlineData("110105194912310021", false)]
    [InlineData("11010519491231002", false)]
    [InlineData("", false)]
    public void IsValid_Samples_ChecksLengthDigitsAndCheckCharacter(string id, bool expected) =>
        Assert.Equal(expected, CitizenId.IsValid(id));

    [Fact]
    public void Build_MaleSequence_EmbedsDateAndSex()
    {
        var id = CitizenId.Build("330802", new DateOnly(1985, 3, 12), 123);

        Assert.True(CitizenId.IsValid(id));
        Assert.StartsWith("33080219850312123", id, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(1985, 3, 12), CitizenId.BirthDateOf(id));
        Assert.True(CitizenId.IsMale(id));
    }

    [Fact]
    public void ToLegacy15_NumberFrom1900s_DropsCenturyAndCheckAndRoundTrips()
    {
        var id = CitizenId.Build("330881", new DateOnly(1962, 11, 5), 42);

        var legacy = CitizenId.ToLegacy15(id);

        Assert.Equal("330881621105042", legacy);
        Assert.Equal(id, CitizenId.FromLegacy15(legacy));
    }

    [Fact]
    public void ToLegacy15_NumberFrom2000s_Throws() =>
        Assert.Throws<ArgumentException>(() => CitizenId.ToLegacy15(CitizenId.Build("330881", new DateOnly(2003, 1, 1), 2)));
}
