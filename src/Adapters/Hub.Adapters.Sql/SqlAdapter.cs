using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Grpc.Core;
using Hub.Contracts.V1;

namespace Hub.Adapters.Sql;

/// <summary>
/// The generic SQL adapter: reads each entity's query incrementally by its change column, builds
/// contract records from the mapped columns, and serves facets with per-person queries.
/// </summary>
public sealed class SqlAdapter(SqlMapping mapping) : IDepartmentAdapter
{
    private readonly string _folder = Path.GetDirectoryName(Path.GetFullPath(mapping.File))!;

    /// <summary>Reads the mapping file named by <c>Adapter:Mapping</c>.</summary>
    public static SqlAdapter FromConfiguration(IConfiguration configuration) =>
        new(SqlMappingReader.Read(AdapterHost.Resolve(configuration, configuration["Adapter:Mapping"] ?? "")));

    /// <inheritdoc />
    public string Department => mapping.Department;

    /// <inheritdoc />
    public IReadOnlyList<AdapterCapability> Capabilities { get; } = [AdapterCapability.IngestResidents];

    /// <inheritdoc />
    public IReadOnlyList<FacetDescriptor> Facets => mapping.Facets.Select(f => new FacetDescriptor
    {
        Name = f.Name,
        Description = f.Description,
        Fields =
        {
            f.Fields.Select(x => new FacetFieldDescriptor
            {
                Name = x.Name, Description = x.Description, ValueType = x.Type, Dictionary = x.Dictionary, Sensitive = x.Sensitive,
            }),
        },
    }).ToList();

    /// <inheritdoc />
    public async IAsyncEnumerable<SourceChange> ReadChangesAsync(string cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var positions = cursor.Length == 0 ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(cursor) ?? [];
        await using var connection = await OpenAsync(cancellationToken);
        foreach (var entity in mapping.Entities)
        {
            await using var command = connection.CreateCommand();
            var since = positions.GetValueOrDefault(entity.Name);
            // The entity's query is wrapped, so it may join and rename freely; the change column must be in its result.
            command.CommandText = since is null
                ? $"SELECT * FROM ({entity.Query}) src ORDER BY src.{entity.ChangeColumn}"
                : $"SELECT * FROM ({entity.Query}) src WHERE src.{entity.ChangeColumn} {(entity.ChangeKind == ChangeKind.Id ? ">" : ">=")} @since ORDER BY src.{entity.ChangeColumn}";
            if (since is not null)
                command.Parameters.Add(Parameter(command, "since", Since(entity, since)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var columns = ValueReader.Ordinals(reader);
            var change = ValueReader.Require(columns, entity.ChangeColumn, entity.Location with { Path = entity.Location.Path + ".change.column" });
            var key = ValueReader.Require(columns, entity.Key, entity.Location with { Path = entity.Location.Path + ".key" });
            var fields = entity.Fields.Select(f => (f, f.Columns.Select(c => ValueReader.Require(columns, c, f.Location)).ToList(),
                f.LabelColumn.Length > 0 ? ValueReader.Require(columns, f.LabelColumn, f.Location) : -1)).ToList();
            while (await reader.ReadAsync(cancellationToken))
            {
                var localId = ValueReader.Text(reader, key).Trim();
                if (localId.Length == 0)
                    continue;
                var position = reader.GetValue(change) switch
                {
                    DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
                    var v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
                };
                positions[entity.Name] = position;
                var record = new IngestRecord
                {
                    Kind = entity.Kind,
                    SourceRef = new SourceRef { Department = mapping.Department, LocalId = localId },
                    Person = BuildPerson(reader, new SourceRef { Department = mapping.Department, LocalId = localId }, fields),
                };
                if (reader.GetValue(change) is DateTime changed)
                    record.ChangeTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.SpecifyKind(changed, DateTimeKind.Utc));
                yield return new SourceChange(record, JsonSerializer.Serialize(positions));
            }
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<string>? ReadLiveKeysAsync(CancellationToken cancellationToken) => ReadKeysAsync(cancellationToken);

    private async IAsyncEnumerable<string> ReadKeysAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        foreach (var entity in mapping.Entities)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT src.{entity.Key} FROM ({entity.Query}) src";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                if (ValueReader.Text(reader, 0).Trim() is { Length: > 0 } id)
                    yield return id;
        }
    }

    /// <inheritdoc />
    public async Task<GetFacetResponse> GetFacetAsync(GetFacetRequest request, CancellationToken cancellationToken)
    {
        var response = new GetFacetResponse();
        var served = mapping.Facets.SelectMany(f => f.Fields.Select(x => (Facet: f, Field: x))).ToDictionary(x => x.Field.Name);
        response.UnsupportedFields.AddRange(request.Fields.Where(f => !served.ContainsKey(f)).Distinct());
        var wanted = request.Fields.Where(served.ContainsKey).Distinct().ToList();
        await using var connection = await OpenAsync(cancellationToken);
        var found = false;
        foreach (var facet in wanted.Select(f => served[f].Facet).Distinct())
        {
            foreach (var source in request.SourceRefs)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = facet.Query;
                command.Parameters.Add(Parameter(command, "local_id", source.LocalId));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                    continue;
                found = true;
                var columns = ValueReader.Ordinals(reader);
                foreach (var field in facet.Fields.Where(f => wanted.Contains(f.Name)))
                    response.Fields[field.Name] = FacetValueOf(reader, ValueReader.Require(columns, field.Column, field.Location), field);
                break;
            }
        }
        // Existence is what NOT_FOUND is about; a person with none of the asked fields still exists.
        if (!found && !await AnyExistsAsync(connection, request, cancellationToken))
            throw new RpcException(new Status(StatusCode.NotFound, $"none of the {request.SourceRefs.Count} record(s) exists in {mapping.Department}"));
        return response;
    }

    private async Task<bool> AnyExistsAsync(DbConnection connection, GetFacetRequest request, CancellationToken cancellationToken)
    {
        foreach (var entity in mapping.Entities)
            foreach (var source in request.SourceRefs)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT 1 FROM ({entity.Query}) src WHERE src.{entity.Key} = @local_id";
                command.Parameters.Add(Parameter(command, "local_id", source.LocalId));
                if (await command.ExecuteScalarAsync(cancellationToken) is not null)
                    return true;
            }
        return false;
    }

    private static FacetValue FacetValueOf(DbDataReader reader, int ordinal, FacetFieldMapping field)
    {
        if (reader.IsDBNull(ordinal))
            return new FacetValue();
        var text = ValueReader.Apply(ValueReader.Text(reader, ordinal), field.Transforms);
        return field.Type switch
        {
            FacetValueType.Integer when long.TryParse(text, CultureInfo.InvariantCulture, out var i) => new FacetValue { Integer = i },
            FacetValueType.Number when double.TryParse(text, CultureInfo.InvariantCulture, out var n) => new FacetValue { Number = n },
            FacetValueType.Boolean => new FacetValue { Boolean = text is "1" or "true" or "True" or "Y" or "是" },
            FacetValueType.Date when DateOnly.TryParse(text, CultureInfo.InvariantCulture, out var d) =>
                new FacetValue { Date = new Date { Year = d.Year, Month = d.Month, Day = d.Day } },
            FacetValueType.Coded => new FacetValue { Coded = new CodedValue { Dictionary = field.Dictionary, SourceCode = text } },
            _ => new FacetValue { Text = text },
        };
    }

    private static PersonRecord BuildPerson(DbDataReader reader, SourceRef source, List<(FieldMapping Field, List<int> Ordinals, int Label)> fields)
    {
        var person = new PersonRecord { SourceRef = source };
        foreach (var (field, ordinals, label) in fields)
        {
            var value = ValueReader.Field(reader, ordinals, field.Separator, field.Transforms);
            if (value.Length == 0)
                continue;
            switch (field.Target)
            {
                case "name": person.Name = value; break;
                case "id_number": person.IdNumber = value; break;
                case "birth_date": person.BirthDate = value; break;
                case "sex":
                    person.Sex = Coded(field, value, reader, label); break;
                case "ethnicity":
                    person.Ethnicity = Coded(field, value, reader, label); break;
                case "phone":
                    person.Contacts.Add(new Contact { Kind = ContactKind.MobilePhone, Value = value }); break;
                case "landline":
                    person.Contacts.Add(new Contact { Kind = ContactKind.Landline, Value = value }); break;
                case "registered_address":
                    person.Addresses.Add(new ResidentAddress { Kind = ResidentAddressKind.HouseholdRegistration, Address = new Address { RawText = value } }); break;
                case "address":
                    person.Addresses.Add(new ResidentAddress { Kind = ResidentAddressKind.Residence, Address = new Address { RawText = value } }); break;
            }
        }
        return person;
    }

    private static CodedValue Coded(FieldMapping field, string code, DbDataReader reader, int label) => new()
    {
        Dictionary = field.Dictionary,
        SourceCode = code,
        SourceLabel = label >= 0 ? ValueReader.Text(reader, label).Trim() : "",
    };

    private object Since(EntityMapping entity, string since)
    {
        if (entity.ChangeKind == ChangeKind.Id)
            return long.Parse(since, CultureInfo.InvariantCulture);
        // SQLite keeps times as text and compares them as text; the others compare real timestamps.
        return mapping.Provider != SqlProvider.Sqlite && DateTime.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var d)
            ? d
            : since;
    }

    private static DbParameter Parameter(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = "@" + name;
        p.Value = value;
        return p;
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = SqlConnections.Create(mapping.Provider, mapping.Connection, _folder);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
