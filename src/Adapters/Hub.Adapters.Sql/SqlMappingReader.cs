using Hub.Contracts.V1;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hub.Adapters.Sql;

/// <summary>
/// Reads a YAML mapping file. Every error names the file, the line and the setting, e.g.
/// <c>household.yaml:14: entities[0].fields.sex.dictionary: is required for a coded field</c>.
/// </summary>
public static class SqlMappingReader
{
    private static readonly string[] TransformNames = ["trim", "upper", "lower", "digits", "date"];

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    public static SqlMapping Read(string path)
    {
        if (!File.Exists(path))
            throw new AdapterConfigurationException($"mapping file {Path.GetFullPath(path)} does not exist");
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new AdapterConfigurationException($"{Path.GetFileName(path)}:{e.Start.Line}: not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new AdapterConfigurationException($"{Path.GetFileName(path)}:1: the file must be a YAML mapping (department:, provider:, connection:, entities:)");
        var file = new Node(path, root, "");
        file.Only("department", "provider", "connection", "entities", "facets");
        var department = file.Text("department");
        var provider = file.Text("provider").ToLowerInvariant() switch
        {
            "sqlite" => SqlProvider.Sqlite,
            "postgresql" or "postgres" => SqlProvider.PostgreSql,
            "mysql" or "mariadb" => SqlProvider.MySql,
            var other => throw file.Child("provider").Location.Error($"unknown provider '{other}' (use sqlite, postgresql or mysql)"),
        };
        var connection = ExpandVariables(file.Text("connection"), file.Child("connection").Location);
        var entities = file.List("entities").Select(ReadEntity).ToList();
        if (entities.Count == 0)
            throw file.Child("entities").Location.Error("at least one entity is required");
        foreach (var duplicate in entities.GroupBy(e => e.Name).Where(g => g.Count() > 1))
            throw duplicate.Last().Location.Error($"entity name '{duplicate.Key}' is used twice");
        var facets = file.Has("facets") ? file.List("facets").Select(ReadFacet).ToList() : [];
        return new SqlMapping(path, department, provider, connection, entities, facets);
    }

    // ${NAME} takes an environment variable: credentials stay out of the file (and never reach the hub).
    private static string ExpandVariables(string value, MappingLocation location) =>
        System.Text.RegularExpressions.Regex.Replace(value, @"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", m =>
            Environment.GetEnvironmentVariable(m.Groups[1].Value) ?? throw location.Error($"environment variable {m.Groups[1].Value} is not set"));

    private static EntityMapping ReadEntity(Node node)
    {
        node.Only("name", "kind", "query", "key", "change", "fields");
        var kind = node.Text("kind") switch
        {
            "resident" => RecordKind.Resident,
            var other => throw node.Child("kind").Location.Error($"unknown kind '{other}' (the SQL adapter maps: resident)"),
        };
        var change = node.Child("change");
        change.Only("column", "type");
        var changeKind = change.Text("type") switch
        {
            "timestamp" => ChangeKind.Timestamp,
            "id" => ChangeKind.Id,
            var other => throw change.Child("type").Location.Error($"unknown change type '{other}' (use timestamp or id)"),
        };
        var fields = node.Child("fields");
        var mapped = new List<FieldMapping>();
        foreach (var (name, field) in fields.Entries())
        {
            if (!SqlMapping.ResidentFields.TryGetValue(name, out var coded))
                throw field.Location.Error($"unknown contract field '{name}' (use {string.Join(", ", SqlMapping.ResidentFields.Keys)})");
            mapped.Add(ReadField(name, field, coded));
        }
        if (!mapped.Any(f => f.Target == "name"))
            throw fields.Location.Error("a resident needs at least the field 'name'");
        return new EntityMapping(node.Text("name"), kind, node.Text("query"), node.Text("key"), change.Text("column"), changeKind, mapped, node.Location);
    }

    private static FieldMapping ReadField(string target, Node field, string? coded)
    {
        // Shorthand: "name: XM" means { column: XM }.
        if (field.Scalar is { } column)
            return coded is null
                ? new FieldMapping(target, [column], "", [], "", "", field.Location)
                : throw field.Location.Error($"'{target}' is coded: write {{ column: ..., dictionary: {coded} }}");
        field.Only("column", "concat", "separator", "transform", "dictionary", "label_column");
        IReadOnlyList<string> columns = field.Has("concat")
            ? field.List("concat").Select(c => c.Scalar ?? throw c.Location.Error("a column name is expected")).ToList()
            : [field.Text("column")];
        if (field.Has("concat") && field.Has("column"))
            throw field.Child("concat").Location.Error("use either column or concat, not both");
        var dictionary = field.Has("dictionary") ? field.Text("dictionary") : "";
        if (coded is not null && dictionary.Length == 0)
            throw field.Location.Error($"'{target}' is coded: dictionary is required (e.g. dictionary: {coded})");
        if (coded is null && dictionary.Length > 0)
            throw field.Child("dictionary").Location.Error($"'{target}' is not a coded field");
        return new FieldMapping(target, columns, field.Has("separator") ? field.Text("separator", allowEmpty: true) : "",
            ReadTransforms(field), dictionary, field.Has("label_column") ? field.Text("label_column") : "", field.Location);
    }

    private static List<Transform> ReadTransforms(Node field)
    {
        if (!field.Has("transform"))
            return [];
        var transforms = new List<Transform>();
        foreach (var step in field.List("transform"))
        {
            if (step.Scalar is { } name)
            {
                if (name == "date")
                    throw step.Location.Error("date needs its input format: { date: yyyyMMdd } or { date: [yyyyMMdd, yyyy/M/d] }");
                if (!TransformNames.Contains(name))
                    throw step.Location.Error($"unknown transform '{name}' (use {string.Join(", ", TransformNames)})");
                transforms.Add(new Transform(name, []));
                continue;
            }
            var entries = step.Entries().ToList();
            if (entries.Count != 1 || entries[0].Name != "date")
                throw step.Location.Error("a transform is a name (trim, upper, lower, digits) or { date: FORMAT }");
            var formats = entries[0].Node.Scalar is { } one ? [one] : entries[0].Node.Items().Select(f => f.Scalar ?? throw f.Location.Error("a date format is expected")).ToList();
            foreach (var (format, i) in formats.Select((f, i) => (f, i)))
                if (!DateTime.TryParseExact(DateTime.Today.ToString(format, System.Globalization.CultureInfo.InvariantCulture), format,
                        System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
                    throw entries[0].Node.Location.Error($"'{format}' is not a usable date format");
            transforms.Add(new Transform("date", formats));
        }
        return transforms;
    }

    private static FacetMapping ReadFacet(Node node)
    {
        node.Only("name", "description", "query", "fields");
        var name = node.Text("name");
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z0-9-]+$"))
            throw node.Child("name").Location.Error("use lower-case ASCII letters, digits and '-'");
        if (!node.Text("query").Contains("@local_id", StringComparison.Ordinal))
            throw node.Child("query").Location.Error("the query must select one person's row by @local_id");
        var fields = node.List("fields").Select(f =>
        {
            f.Only("name", "column", "type", "description", "dictionary", "sensitive", "transform");
            var fieldName = f.Text("name");
            if (!System.Text.RegularExpressions.Regex.IsMatch(fieldName, "^[a-z][a-z0-9_]*$"))
                throw f.Child("name").Location.Error("use lower_snake_case ASCII");
            var type = f.Has("type") ? f.Text("type") switch
            {
                "text" => FacetValueType.Text,
                "integer" => FacetValueType.Integer,
                "number" => FacetValueType.Number,
                "boolean" => FacetValueType.Boolean,
                "date" => FacetValueType.Date,
                "coded" => FacetValueType.Coded,
                var other => throw f.Child("type").Location.Error($"unknown type '{other}' (use text, integer, number, boolean, date or coded)"),
            } : FacetValueType.Text;
            var dictionary = f.Has("dictionary") ? f.Text("dictionary") : "";
            if (type == FacetValueType.Coded && dictionary.Length == 0)
                throw f.Location.Error("a coded field needs its dictionary");
            return new FacetFieldMapping(fieldName, f.Text("column"), type, f.Has("description") ? f.Text("description") : "", dictionary,
                f.Has("sensitive") && f.Text("sensitive") == "true", ReadTransforms(f), f.Location);
        }).ToList();
        return new FacetMapping(name, node.Has("description") ? node.Text("description") : "", node.Text("query"), fields, node.Location);
    }

    /// <summary>A YAML node with its place in the file.</summary>
    private sealed class Node(string file, YamlNode yaml, string path)
    {
        public MappingLocation Location { get; } = new(file, (int)yaml.Start.Line, path.Length == 0 ? "(top)" : path);

        public string? Scalar => yaml is YamlScalarNode s ? s.Value ?? "" : null;

        public bool Has(string key) => yaml is YamlMappingNode m && m.Children.ContainsKey(new YamlScalarNode(key));

        public Node Child(string key)
        {
            if (yaml is not YamlMappingNode m)
                throw Location.Error("a mapping (key: value) is expected here");
            return m.Children.TryGetValue(new YamlScalarNode(key), out var child)
                ? new Node(file, child, Join(key))
                : throw Location.Error($"'{key}' is required");
        }

        public string Text(string key, bool allowEmpty = false)
        {
            var child = Child(key);
            var value = child.Scalar ?? throw child.Location.Error("a single value is expected");
            return allowEmpty || value.Trim().Length > 0 ? value : throw child.Location.Error("must not be empty");
        }

        public IEnumerable<Node> List(string key) => Child(key).Items();

        public IEnumerable<Node> Items() => yaml is YamlSequenceNode s
            ? s.Children.Select((c, i) => new Node(file, c, $"{path}[{i}]"))
            : throw Location.Error("a list is expected here");

        public IEnumerable<(string Name, Node Node)> Entries() => yaml is YamlMappingNode m
            ? m.Children.Select(kv => (((YamlScalarNode)kv.Key).Value ?? "", new Node(file, kv.Value, Join(((YamlScalarNode)kv.Key).Value ?? ""))))
            : throw Location.Error("a mapping (key: value) is expected here");

        public void Only(params string[] keys)
        {
            if (yaml is not YamlMappingNode m)
                throw Location.Error("a mapping (key: value) is expected here");
            foreach (var key in m.Children.Keys.OfType<YamlScalarNode>())
                if (!keys.Contains(key.Value))
                    throw new MappingLocation(file, (int)key.Start.Line, Join(key.Value ?? "")).Error($"unknown setting (use {string.Join(", ", keys)})");
        }

        private string Join(string key) => path.Length == 0 ? key : $"{path}.{key}";
    }
}
