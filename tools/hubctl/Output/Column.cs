namespace Hub.Ctl.Output;

/// <summary>One column of a listing: its header (also the CSV header) and how to get a cell from an item.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Header">Header, in snake_case so CSV headers match the proto field names.</param>
/// <param name="Value">The cell text of one item.</param>
public sealed record Column<T>(string Header, Func<T, string> Value);
