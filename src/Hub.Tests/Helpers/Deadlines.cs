namespace Hub.Tests.Helpers;

/// <summary>gRPC deadlines for test calls: generous, so a slow CI machine never fails a test on time alone.</summary>
public static class Deadlines
{
    public static DateTime In(TimeSpan span) => TimeProvider.System.GetUtcNow().UtcDateTime + span;

    public static DateTime Default() => In(TimeSpan.FromSeconds(30));
}
