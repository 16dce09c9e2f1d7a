using Hub.Hosting;

namespace Hub.Tests.Hosting;

public sealed class HubOptionsValidatorTests
{
    private readonly HubOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.True(_validator.Validate(null, new HubOptions()).Succeeded);
    }

    [Fact]
    public void Validate_SeveralBadValues_ReportsEachKey()
    {
        var options = new HubOptions { DataDirectory = " " };
        options.Store.Provider = "mongo";
        options.Cache.Redis = "127.0.0.1:6379,notanoption=1";

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Hub:DataDirectory", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Hub:Store:Provider", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Hub:Cache:Redis", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("SQLite")]
    [InlineData("sqlite")]
    public void Validate_ProviderInAnyCase_Succeeds(string provider)
    {
        var options = new HubOptions();
        options.Store.Provider = provider;
        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:00.050")]
    [InlineData("02:00:00")]
    public void Validate_RelinkIntervalOutOfRange_NamesTheKey(string interval)
    {
        var options = new HubOptions();
        options.Identity.RelinkInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture);

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.StartsWith("Hub:Identity:RelinkInterval", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }
}
