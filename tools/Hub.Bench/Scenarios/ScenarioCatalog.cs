namespace Hub.Bench.Scenarios;

/// <summary>Every scenario the harness knows, baseline first. Later capabilities add theirs here.</summary>
public static class ScenarioCatalog
{
    /// <param name="lookupRecords">How many records <c>lookup-source</c> pushes and reads.</param>
    /// <param name="federation">The shared set-up of the federation scenarios (adapters-direct, resident-view, resident-view-dead, in that order).</param>
    /// <param name="subscribers">How many WatchCases subscribers <c>case-delivery</c> holds open.</param>
    public static IReadOnlyList<IScenario> Create(int lookupRecords = 10_000, FederationSetup? federation = null, int subscribers = 100)
    {
        federation ??= new FederationSetup(1000);
        return
        [
            new NoopScenario(),
            new LookupSourceScenario(lookupRecords),
            new AdaptersDirectScenario(federation),
            new HopThenAdaptersScenario(federation),
            new ResidentViewScenario(federation),
            new ResidentViewDeadScenario(federation),
            new CaseSubmitScenario(),
            new CaseDeliveryScenario(subscribers),
        ];
    }
}
