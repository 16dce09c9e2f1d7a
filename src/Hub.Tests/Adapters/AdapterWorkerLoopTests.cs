using Hub.Adapters;

namespace Hub.Tests.Adapters;

/// <summary>The adapter's loops (collector, pusher, heartbeats, ...) start side by side.</summary>
public sealed class AdapterWorkerLoopTests
{
    [Fact]
    public async Task Loop_ThatRunsSynchronouslyUntilTheNextHasStarted_DoesNotHoldTheNextBack()
    {
        // Like the change collector over SQLite, whose async reads complete synchronously: the first loop does not
        // yield until the second one runs. Started inline, the second would start only after the first gave up.
        using var secondStarted = new ManualResetEventSlim();
        var first = AdapterWorker.Loop(() => secondStarted.Wait(TimeSpan.FromSeconds(10))
            ? Task.CompletedTask
            : Task.FromException(new TimeoutException("the second loop did not start while the first ran")));
        var second = AdapterWorker.Loop(() =>
        {
            secondStarted.Set();
            return Task.CompletedTask;
        });

        await Task.WhenAll(first, second);
        Assert.True(secondStarted.IsSet);
    }
}
