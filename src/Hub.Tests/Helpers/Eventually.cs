namespace Hub.Tests.Helpers;

/// <summary>
/// Waits for a condition that background work makes true (a replay, a delivery), checking it
/// often and failing with a message after a generous limit. Only for effects that have no
/// signal a test can await.
/// </summary>
public static class Eventually
{
    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null) =>
        TrueAsync(condition, () => what, limit);

    /// <summary>
    /// As above, with the failure message built only when the wait fails, so it can show what a
    /// process wrote up to that moment (its output at the start of the wait says little).
    /// </summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, Func<string> what, TimeSpan? limit = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (limit ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
                Assert.Fail($"timed out waiting until {what()}");
            await Task.Delay(20);
        }
    }
}
