using System.CommandLine;

namespace Hub.Ctl.Commands;

/// <summary>The <c>review</c> command group: the queue of uncertain identity matches and conflicts.</summary>
public static class ReviewCommand
{
    /// <summary>The <c>review</c> command with all its subcommands.</summary>
    public static Command Create() => new("review",
        "The identity review queue: records whose best match lies between the thresholds, and records sharing an ID number " +
        "with a resident they disagree with. List them, look at the pair side by side with the explanation, and decide.")
    {
        ReviewListCommand.Create(),
        ReviewShowCommand.Create(),
        ReviewDecideCommand.Create(),
    };
}
