using System.CommandLine;

namespace Hub.Ctl.Output;

/// <summary>How a command prints a list of items.</summary>
public enum OutputFormat
{
    /// <summary>A table for people.</summary>
    Table,

    /// <summary>A JSON array of the protobuf messages (proto3 JSON mapping), for scripts.</summary>
    Json,

    /// <summary>RFC 4180 CSV with a header line, for spreadsheets.</summary>
    Csv,
}

/// <summary>The <c>--output</c> option of the listing commands.</summary>
public static class OutputOption
{
    /// <summary>A new <c>--output table|json|csv</c> option (one instance per command).</summary>
    public static Option<string> Create()
    {
        var option = new Option<string>("--output")
        {
            Description = "Output format: table (for people), json (proto3 JSON array) or csv (header line, one row per item).",
            HelpName = "table|json|csv",
            DefaultValueFactory = _ => "table",
        };
        option.AcceptOnlyFromAmong("table", "json", "csv");
        return option;
    }

    /// <summary>The format chosen on the command line.</summary>
    public static OutputFormat Get(ParseResult parse, Option<string> option) => parse.GetValue(option) switch
    {
        "json" => OutputFormat.Json,
        "csv" => OutputFormat.Csv,
        _ => OutputFormat.Table,
    };
}
