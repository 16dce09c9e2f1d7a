using Hub.Tests.Helpers;

namespace Hub.Tests.Security;

/// <summary>A real hub per test and an <see cref="AccessKit"/> on it, for tests of callers, keys and policies.</summary>
public abstract class AccessHubTest : IAsyncLifetime
{
    /// <summary>The hub of the running test.</summary>
    protected TestHub Hub { get; private set; } = null!;

    /// <summary>Makes callers on <see cref="Hub"/> as an admin would.</summary>
    protected AccessKit Kit { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Hub = await TestHub.StartAsync();
        Kit = new AccessKit(Hub);
    }

    /// <inheritdoc />
    public async Task DisposeAsync() => await Hub.DisposeAsync();
}
