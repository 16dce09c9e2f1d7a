using System.CommandLine;
using Spectre.Console;

namespace Hub.Ctl.Commands;

/// <summary>The <c>--all</c> option of paged listings.</summary>
public static class PagingOptions
{
    /// <summary>Rows per page asked of the hub (its maximum).</summary>
    public const int PageSize = 500;

    /// <summary>A new <c>--all</c> option (one instance per command).</summary>
    public static Option<bool> CreateAll(string what) => new("--all")
    {
        Description = $"Fetch every page of {what}; default: the first {PageSize} only.",
    };

    /// <summary>The note printed on stderr when pages were left unread.</summary>
    public static void NoteMore(bool hasMore, string what)
    {
        if (hasMore)
            Consoles.Error.WriteLine($"more {what} exist than shown; use --all to list them all.");
    }
}
