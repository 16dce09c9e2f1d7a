using System.CommandLine;

namespace Hub.Ctl.Commands;

/// <summary>The <c>dict</c> command group: canonical dictionaries and department code mappings.</summary>
public static class DictCommand
{
    /// <summary>The <c>dict</c> command with all its subcommands.</summary>
    public static Command Create() => new("dict",
        "Canonical data dictionaries (sex, ethnicity, division, ...) and each department's mapping of its local codes onto them.")
    {
        ListCommand.Create(),
        ShowCommand.Create(),
        ExportCommand.Create(),
        ImportCommand.Create(),
        UnmappedCommand.Create(),
        MappingsCommand.Create(),
        MapCommand.Create(),
        UnmapCommand.Create(),
    };
}
