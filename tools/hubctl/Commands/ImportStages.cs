using Spectre.Console;

namespace Hub.Ctl.Commands;

/// <summary>
/// The stages of an import as the user sees them: a live Spectre progress display when stdout is a
/// terminal, plain "stage: result" lines when it is redirected (no ANSI, no redrawing).
/// </summary>
public abstract class ImportStages
{
    /// <summary>Runs <paramref name="body"/> with the display that suits stdout.</summary>
    public static Task RunAsync(Func<ImportStages, Task> body)
    {
        if (!Consoles.OutIsInteractive)
            return body(new PlainStages());
        return Consoles.Out.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(context => body(new LiveStages(context)));
    }

    /// <summary>Runs one stage. <paramref name="work"/> may report progress from 0 to 1; <paramref name="summary"/> describes its result.</summary>
    public abstract Task<T> RunAsync<T>(string name, Func<IProgress<double>, Task<T>> work, Func<T, string> summary);

    /// <summary>Shows a stage that does not run, and why.</summary>
    public abstract void Skip(string name, string reason);

    private sealed class PlainStages : ImportStages
    {
        public override async Task<T> RunAsync<T>(string name, Func<IProgress<double>, Task<T>> work, Func<T, string> summary)
        {
            var result = await work(new Progress<double>(_ => { }));
            Consoles.Out.WriteLine($"{name}: {summary(result)}");
            return result;
        }

        public override void Skip(string name, string reason) => Consoles.Out.WriteLine($"{name}: skipped ({reason})");
    }

    private sealed class LiveStages(ProgressContext context) : ImportStages
    {
        public override async Task<T> RunAsync<T>(string name, Func<IProgress<double>, Task<T>> work, Func<T, string> summary)
        {
            var task = context.AddTask(Markup.Escape(name), autoStart: true, maxValue: 1.0);
            task.IsIndeterminate = true;
            // Progress<T> posts to the thread pool; a ProgressTask is thread-safe.
            var progress = new Progress<double>(fraction =>
            {
                task.IsIndeterminate = false;
                task.Value = fraction;
            });
            var result = await work(progress);
            task.IsIndeterminate = false;
            task.Value = task.MaxValue;
            task.Description = Markup.Escape($"{name}: {summary(result)}");
            task.StopTask();
            return result;
        }

        public override void Skip(string name, string reason)
        {
            var task = context.AddTask(Markup.Escape($"{name}: skipped ({reason})"), autoStart: false, maxValue: 1.0);
            task.StopTask();
        }
    }
}
