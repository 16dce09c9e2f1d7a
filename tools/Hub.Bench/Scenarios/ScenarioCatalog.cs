namespace Hub.Bench.Scenarios;

/// <summary>Every scenario the harness knows, baseline first. Later capabilities add theirs here.</summary>
public static class ScenarioCatalog
{
    /// <param name="lookupRecords">How many records <c>lookup-source</c> pushes and reads.</param>
    /// <param name="subscribers">How many WatchCases subscribers <c>case-delivery</c> holds open.</param>
    public static IReadOnlyList<IScenario> Create(int lookupRecords = 10_000, int subscribers = 100) =>
    [
        new NoopScenario(),
        new LookupSourceScenario(lookupRecords),
        new CaseSubmitScenario(),
        new CaseDeliveryScenario(subscribers),
    ];
}
