using Spectre.Console;

namespace Hub.Ctl;

/// <summary>
/// The Spectre consoles for stdout and stderr. Spectre drops colours and animation by itself when a
/// stream is redirected; we also widen redirected output so tables are not cut at 80 columns.
/// </summary>
public static class Consoles
{
    // Wide enough for the unmapped-code table with long labels; a table only takes the width it needs.
    private const int RedirectedWidth = 400;

    /// <summary>Standard output: data and results.</summary>
    public static IAnsiConsole Out { get; } = Create(Console.Out, Console.IsOutputRedirected);

    /// <summary>Standard error: errors, notes and their details.</summary>
    public static IAnsiConsole Error { get; } = Create(Console.Error, Console.IsErrorRedirected);

    /// <summary>True when stdout is a terminal that can redraw a live progress display.</summary>
    public static bool OutIsInteractive => Out.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
            console.Profile.Width = RedirectedWidth;
        return console;
    }
}
