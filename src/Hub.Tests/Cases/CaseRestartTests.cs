using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;

namespace Hub.Tests.Cases;

/// <summary>
/// The hub process is killed and restarted while cases flow: every acknowledged case arrives at the watcher,
/// which resumes by cursor, exactly once and in cursor order.
/// </summary>
public sealed class CaseRestartTests
{
    private const int Cases = 300;

    [Fact]
    public async Task WatchCases_HubKilledTwiceWhileCasesFlow_NoEventLostOrDuplicated()
    {
        using var data = new TempFolder();
        var port = LoopbackPort.Free();
        var url = $"http://127.0.0.1:{port}";
        var hub = await StartHubAsync(url, data.Path);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var acked = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        var received = new List<CaseEvent>();
        var receivedLock = new object();
        try
        {
            using var producerChannel = HubProcess.AdminChannel(url);
            using var watcherChannel = HubProcess.AdminChannel(url);
            var producer = ProduceAsync(new CaseService.CaseServiceClient(producerChannel), acked, stop.Token);
            var watcher = WatchAsync(new CaseService.CaseServiceClient(watcherChannel), received, receivedLock, stop.Token);

            foreach (var killAt in new[] { 60, 160 })
            {
                await Eventually.TrueAsync(() => Task.FromResult(acked.Count >= killAt), $"{killAt} cases are acknowledged", TimeSpan.FromMinutes(2));
                hub.Kill(entireProcessTree: true);
                await hub.WaitForExitAsync(stop.Token);
                hub.Dispose();
                hub = await StartHubAsync(url, data.Path);
            }
            await producer;
            // The producer is sequential: once the last case's event is in, every earlier one (and any duplicate
            // of one, were the hub to make it) has been delivered before it.
            var last = acked[$"restart-{Cases - 1}"];
            await Eventually.TrueAsync(() => Task.FromResult(Seen(received, receivedLock, last)), "the last case's event arrives", TimeSpan.FromMinutes(2));
            await stop.CancelAsync();
            await watcher;
        }
        finally
        {
            hub.Kill(entireProcessTree: true);
            await hub.WaitForExitAsync();
            hub.Dispose();
        }

        List<CaseEvent> events;
        lock (receivedLock)
            events = [.. received];
        var cursors = events.Select(e => long.Parse(e.Cursor)).ToList();
        Assert.Equal(cursors.Distinct().Count(), cursors.Count);
        Assert.Equal(cursors.Order(), cursors);
        var submitted = events.Where(e => e.Type == CaseEventType.Submitted).Select(e => e.CaseId).ToList();
        Assert.Equal(Cases, acked.Count);
        Assert.Equal(submitted.Count, submitted.Distinct().Count());
        Assert.Equal(acked.Values.Order(), submitted.Order());
    }

    private static async Task ProduceAsync(CaseService.CaseServiceClient client, System.Collections.Concurrent.ConcurrentDictionary<string, string> acked,
        CancellationToken cancellationToken)
    {
        for (var i = 0; i < Cases; i++)
        {
            var request = CaseKit.Streetlight($"restart-{i}");
            while (true)
            {
                try
                {
                    var response = await client.SubmitCaseAsync(request, deadline: Deadlines.In(TimeSpan.FromSeconds(10)), cancellationToken: cancellationToken);
                    acked[request.RequestId] = response.Case.CaseId;
                    break;
                }
                catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Cancelled
                                             && !cancellationToken.IsCancellationRequested)
                {
                    // The hub is down: retry the same request id; the hub answers with the case it may already have made.
                    await Task.Delay(50, cancellationToken);
                }
            }
        }
    }

    private static async Task WatchAsync(CaseService.CaseServiceClient client, List<CaseEvent> received, object gate, CancellationToken cancellationToken)
    {
        var cursor = "0";
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var call = client.WatchCases(new WatchCasesRequest { Cursor = cursor }, cancellationToken: cancellationToken);
                while (await call.ResponseStream.MoveNext(cancellationToken))
                {
                    var e = call.ResponseStream.Current.Event;
                    lock (gate)
                        received.Add(e);
                    cursor = e.Cursor;
                }
            }
            catch (RpcException) when (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(50, CancellationToken.None);
            }
            catch (Exception ex) when (ex is OperationCanceledException || (ex is RpcException && cancellationToken.IsCancellationRequested))
            {
                return;
            }
        }
    }

    private static bool Seen(List<CaseEvent> received, object gate, string caseId)
    {
        lock (gate)
            return received.Any(e => e.CaseId == caseId);
    }

    private static async Task<Process> StartHubAsync(string url, string dataDirectory)
    {
        using var listening = new SemaphoreSlim(0);
        var process = HubProcess.Start([$"--urls={url}", $"--Hub:DataDirectory={dataDirectory}"],
            onStdout: line => { if (line.Contains("Now listening on", StringComparison.Ordinal)) listening.Release(); });
        if (!await listening.WaitAsync(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the hub did not report listening");
        }
        return process;
    }
}
