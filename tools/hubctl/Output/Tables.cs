using Spectre.Console;

namespace Hub.Ctl.Output;

/// <summary>Spectre tables with plain-text cells: labels are data, never markup, so '[' in a label is safe.</summary>
public static class Tables
{
    /// <summary>A table with the given column headers.</summary>
    public static Table Create(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
            table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))));
        return table;
    }

    /// <summary>Adds one row of plain-text cells.</summary>
    public static void AddRow(Table table, params string[] cells) =>
        table.AddRow(cells.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(c)).ToArray());
}
