using Grpc.Net.Client;
using Hub.Contracts.V1;

namespace Hub.Bench.Scenarios;

/// <summary>
/// Durable intake: <c>CaseService.SubmitCase</c> of a grid worker's street-light report with an address the
/// hub normalises, each call a new request id. An OK means the case and its event are committed
/// (<c>Hub:Store:Synchronous=full</c> by default); concurrent calls share commits (group commit).
/// </summary>
public sealed class CaseSubmitScenario : IScenario
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private CaseService.CaseServiceClient? _client;
    private long _calls;

    public string Name => "case-submit";

    public string Description => "CaseService.SubmitCase: a new grid-app case with an address to normalise, committed before the answer";

    public Task SetupAsync(GrpcChannel channel, CancellationToken cancellationToken)
    {
        _client = new CaseService.CaseServiceClient(channel);
        return Task.CompletedTask;
    }

    // The harness restarts iterations at 0 for each phase: number the calls here so every request id is new
    // (a repeated id would measure the idempotent replay, not an insert).
    public async Task CallAsync(int worker, long iteration, CancellationToken cancellationToken) =>
        await _client!.SubmitCaseAsync(Request($"{_run}-{Interlocked.Increment(ref _calls)}", iteration), cancellationToken: cancellationToken);

    internal static SubmitCaseRequest Request(string requestId, long iteration) => new()
    {
        RequestId = requestId,
        Channel = CaseChannel.GridApp,
        CategoryCode = (iteration % 3) switch { 0 => "0102", 1 => "0103", _ => "0303" },
        Description = "路灯不亮，已持续三天",
        Location = new CaseLocation { AddressText = $"浙江省衢州市柯城区新新街道新桥路{iteration % 200 + 1}号" },
        Reporter = new CaseReporter { Kind = ReporterKind.GridWorker, StaffId = "GW-0042", Name = "李网格", Department = "grid" },
    };
}
