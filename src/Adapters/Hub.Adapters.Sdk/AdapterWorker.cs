using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Hub.Adapters;

/// <summary>
/// The adapter's life: once the facet endpoint listens, register, reconcile the local checkpoint with
/// the hub's, then read changes, push them and send heartbeats until the host stops.
/// </summary>
public sealed class AdapterWorker(
    IDepartmentAdapter adapter, AdapterOptions options, LocalState state, Registrar registrar, ChangeCollector collector, Pusher pusher,
    CaseMirror mirror, CaseReporter reporter,
    IServer server, IHostApplicationLifetime lifetime, ILogger<AdapterWorker> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WaitForStartAsync(stoppingToken);
        var endpoint = Endpoint();
        logger.LogInformation("Adapter {AdapterId} ({Department}); state {State}; facets at {Endpoint}",
            options.Id, adapter.Department, state.FilePath, endpoint.Length > 0 ? endpoint : "(none)");
        var registered = await registrar.RegisterAsync(endpoint, stoppingToken);
        state.Reconcile(registered.LastCommittedSequence);
        Task[] loops =
        [
            Loop(() => collector.RunAsync(stoppingToken)),
            Loop(() => pusher.RunAsync(async ct => state.Reconcile((await registrar.RegisterAsync(endpoint, ct)).LastCommittedSequence), stoppingToken)),
            Loop(() => registrar.RunHeartbeatsAsync(endpoint, () => state.Backlog, stoppingToken)),
            Loop(() => ReportAsync(stoppingToken)),
            .. adapter is ICaseReceiver receiver
                ? new[] { Loop(() => mirror.RunAsync(receiver, stoppingToken)), Loop(() => reporter.RunAsync(receiver, stoppingToken)) }
                : [],
        ];
        var ended = await Task.WhenAny(loops);
        if (ended.IsFaulted && !stoppingToken.IsCancellationRequested)
        {
            // A loop that gives up leaves the adapter half alive: stop the process so its supervisor restarts it.
            logger.LogCritical(ended.Exception, "The adapter stopped working; shutting down");
            lifetime.StopApplication();
        }
        await Task.WhenAll(loops).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>
    /// Starts a loop on the thread pool, so it runs beside the others from its first line. Started inline, a loop runs
    /// on the caller's thread until its first wait that is really asynchronous, and the next loop starts only then: the
    /// change collector over SQLite (whose ADO.NET async methods complete synchronously) read 50,000 rows into the
    /// outbox before the push stream was even opened, 3-4 s of an initial sync in which nothing reached the hub.
    /// </summary>
    internal static Task Loop(Func<Task> loop) => Task.Run(loop);

    private async Task ReportAsync(CancellationToken stoppingToken)
    {
        var last = "";
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            var now = $"{pusher.Counters}; acked up to {state.Acked}, backlog {state.Backlog}"
                + (adapter is ICaseReceiver ? $"; case events applied {mirror.Applied}, cursor {state.CaseCursor}" : "");
            if (now != last)
                logger.LogInformation("Pushed: {Progress}", now);
            last = now;
        }
    }

    private string Endpoint()
    {
        if (options.Endpoint.Length > 0)
            return options.Endpoint;
        if (options.Listen.Length == 0)
            return "";
        // With port 0 the real port is known only now.
        return server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? options.Listen;
    }

    private async Task WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var a = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var b = stoppingToken.Register(() => started.TrySetCanceled());
        await started.Task;
    }
}
