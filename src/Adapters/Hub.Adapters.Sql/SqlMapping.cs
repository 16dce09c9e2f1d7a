using Hub.Contracts.V1;

namespace Hub.Adapters.Sql;

/// <summary>Database engines the generic SQL adapter reads.</summary>
public enum SqlProvider
{
    /// <summary>SQLite through Microsoft.Data.Sqlite.</summary>
    Sqlite,
    /// <summary>PostgreSQL through Npgsql.</summary>
    PostgreSql,
    /// <summary>MySQL or MariaDB through MySqlConnector.</summary>
    MySql,
}

/// <summary>How an entity's change column moves.</summary>
public enum ChangeKind
{
    /// <summary>A last-modified time; rows at the last seen time are read again (and skipped when unchanged).</summary>
    Timestamp,
    /// <summary>An increasing number (row version, log position, auto-increment id).</summary>
    Id,
}

/// <summary>A place in the mapping file, for error messages.</summary>
/// <param name="File">The mapping file.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Path">The setting, e.g. <c>entities[0].fields.sex.column</c>.</param>
public sealed record MappingLocation(string File, int Line, string Path)
{
    /// <summary>An error at this place.</summary>
    public AdapterConfigurationException Error(string message) => new($"{System.IO.Path.GetFileName(File)}:{Line}: {Path}: {message}");
}

/// <summary>One step applied to a value read from the database.</summary>
/// <param name="Name">trim, upper, lower, digits or date.</param>
/// <param name="Formats">For date: the formats the department writes (.NET custom date formats).</param>
public sealed record Transform(string Name, IReadOnlyList<string> Formats);

/// <summary>Where one contract field's value comes from.</summary>
/// <param name="Target">The contract field (see <see cref="SqlMapping.ResidentFields"/>).</param>
/// <param name="Columns">One column, or several joined by <paramref name="Separator"/> (concat).</param>
/// <param name="Separator">Joins concatenated columns.</param>
/// <param name="Transforms">Applied in order to the (joined) value.</param>
/// <param name="Dictionary">For coded fields: the dictionary the department's code belongs to.</param>
/// <param name="LabelColumn">For coded fields: a column with the department's label of the code.</param>
/// <param name="Location">Where it is written.</param>
public sealed record FieldMapping(string Target, IReadOnlyList<string> Columns, string Separator, IReadOnlyList<Transform> Transforms,
    string Dictionary, string LabelColumn, MappingLocation Location);

/// <summary>One query of the legacy database that yields records of one kind.</summary>
public sealed record EntityMapping(string Name, RecordKind Kind, string Query, string Key, string ChangeColumn, ChangeKind ChangeKind,
    IReadOnlyList<FieldMapping> Fields, MappingLocation Location);

/// <summary>One field a facet serves.</summary>
public sealed record FacetFieldMapping(string Name, string Column, FacetValueType Type, string Description, string Dictionary, bool Sensitive,
    IReadOnlyList<Transform> Transforms, MappingLocation Location);

/// <summary>A facet: a query by <c>@local_id</c> returning one row.</summary>
public sealed record FacetMapping(string Name, string Description, string Query, IReadOnlyList<FacetFieldMapping> Fields, MappingLocation Location);

/// <summary>A whole mapping file.</summary>
public sealed record SqlMapping(string File, string Department, SqlProvider Provider, string Connection, IReadOnlyList<EntityMapping> Entities,
    IReadOnlyList<FacetMapping> Facets)
{
    /// <summary>The contract fields a resident entity can fill, and whether each is coded (needs a dictionary).</summary>
    public static IReadOnlyDictionary<string, string?> ResidentFields { get; } = new Dictionary<string, string?>
    {
        ["name"] = null,
        ["id_number"] = null,
        ["sex"] = "sex",
        ["birth_date"] = null,
        ["ethnicity"] = "ethnicity",
        ["phone"] = null,
        ["landline"] = null,
        ["registered_address"] = null,
        ["address"] = null,
    };
}
