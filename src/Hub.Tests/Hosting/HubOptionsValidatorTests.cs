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
}
