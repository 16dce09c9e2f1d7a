namespace Hub.Bench.Scenarios;

/// <summary>Every scenario the harness knows, baseline first. Later capabilities add theirs here.</summary>
public static class ScenarioCatalog
{
    public static IReadOnlyList<IScenario> Create() =>
    [
        new NoopScenario(),
    ];
}
