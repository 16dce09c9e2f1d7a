using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hub.Contracts.V1;
using Microsoft.Data.Sqlite;

namespace Hub.Adapters.Samples;

/// <summary>
/// Grid management (网格) as a code plugin: residents known to grid workers (WG_JM: names typed with
/// spaces, phones with dashes, IDs often missing) and the events they reported (WG_SJ), served as a
/// facet. Written as code to show the path a department takes when a mapping file is not enough:
/// here, cleaning phone numbers and turning a resident's events into a list of records. It also
/// receives the cases routed to the grid (<see cref="GridCases"/>) and reports workers' progress on them.
/// </summary>
public sealed class GridAdapter : IDepartmentAdapter, ICaseReceiver
{
    private const string Select = "SELECT JMID, XM, XB, SFZH, CSNY, LXDH, JZDZ, GXSJ FROM WG_JM";
    private readonly string _connection;
    private readonly GridCases _cases;

    /// <summary>Reads <c>Adapter:Settings:Database</c> (a SQLite file, relative to the configuration file).</summary>
    public GridAdapter(IConfiguration configuration)
    {
        var database = configuration["Adapter:Settings:Database"];
        if (string.IsNullOrWhiteSpace(database))
            throw new AdapterConfigurationException("Adapter:Settings:Database (the grid SQLite file) is required");
        var path = AdapterHost.Resolve(configuration, database);
        if (!File.Exists(path))
            throw new AdapterConfigurationException($"Adapter:Settings:Database: {path} does not exist");
        _connection = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString();
        // The cases routed to the grid go into WG_AJ / WG_AJLS of the same database (the only tables written).
        _cases = new GridCases(path, Department, TimeProvider.System);
    }

    /// <inheritdoc />
    public string Department => "grid";

    /// <inheritdoc />
    public IReadOnlyList<AdapterCapability> Capabilities { get; } = [AdapterCapability.IngestResidents];

    /// <inheritdoc />
    public IReadOnlyList<FacetDescriptor> Facets { get; } =
    [
        new FacetDescriptor
        {
            Name = "grid",
            Description = "网格员掌握的居民信息与上报事件",
            Fields =
            {
                new FacetFieldDescriptor { Name = "grid_cell", Description = "所属网格", ValueType = FacetValueType.Text },
                new FacetFieldDescriptor { Name = "phone", Description = "联系电话", ValueType = FacetValueType.Text, Sensitive = true },
                new FacetFieldDescriptor
                {
                    Name = "reported_events", Description = "上报事件（类型、描述、上报时间、状态）", ValueType = FacetValueType.List,
                },
            },
        },
    ];

    /// <inheritdoc />
    public async IAsyncEnumerable<SourceChange> ReadChangesAsync(string cursor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // GXSJ is text (yyyy-MM-dd HH:mm:ss); rows at the cursor's own second are read again and skipped by the host when unchanged.
        command.CommandText = cursor.Length == 0 ? $"{Select} ORDER BY GXSJ" : $"{Select} WHERE GXSJ >= $since ORDER BY GXSJ";
        command.Parameters.AddWithValue("$since", cursor);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var localId = reader.GetString(0);
            var person = new PersonRecord
            {
                SourceRef = new SourceRef { Department = Department, LocalId = localId },
                Name = reader.GetString(1).Trim(),
                IdNumber = Text(reader, 3).Trim(),
                BirthDate = Text(reader, 4).Trim(),
            };
            if (Text(reader, 2) is { Length: > 0 } sex)
                person.Sex = new CodedValue { Dictionary = "sex", SourceCode = sex, SourceLabel = sex };
            if (Phone(Text(reader, 5)) is { Length: > 0 } phone)
                person.Contacts.Add(new Contact { Kind = ContactKind.MobilePhone, Value = phone });
            if (Text(reader, 6) is { Length: > 0 } address)
                person.Addresses.Add(new ResidentAddress { Kind = ResidentAddressKind.Residence, Address = new Address { RawText = address } });
            var changed = reader.GetString(7);
            var record = new IngestRecord
            {
                Kind = RecordKind.Resident,
                SourceRef = person.SourceRef.Clone(),
                Person = person,
            };
            if (DateTime.TryParse(changed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
                record.ChangeTime = Timestamp.FromDateTime(t);
            yield return new SourceChange(record, changed);
        }
    }

    /// <inheritdoc />
    public Task ApplyAsync(CaseEvent caseEvent, long sequence, CancellationToken cancellationToken) =>
        _cases.ApplyAsync(caseEvent, sequence, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<CaseProgress>> ReadProgressAsync(CancellationToken cancellationToken) => _cases.ReadProgressAsync(cancellationToken);

    /// <inheritdoc />
    public Task MarkProgressAsync(CaseProgress progress, bool accepted, string reason, long caseVersion, CancellationToken cancellationToken) =>
        _cases.MarkProgressAsync(progress, accepted, reason, caseVersion, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<string>? ReadLiveKeysAsync(CancellationToken cancellationToken) => KeysAsync(cancellationToken);

    private async IAsyncEnumerable<string> KeysAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT JMID FROM WG_JM";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return reader.GetString(0);
    }

    /// <inheritdoc />
    public async Task<GetFacetResponse> GetFacetAsync(GetFacetRequest request, CancellationToken cancellationToken)
    {
        var response = new GetFacetResponse();
        string[] served = ["grid_cell", "phone", "reported_events"];
        response.UnsupportedFields.AddRange(request.Fields.Where(f => !served.Contains(f)).Distinct());
        await using var connection = await OpenAsync(cancellationToken);
        var events = new FacetValueList();
        var found = false;
        foreach (var source in request.SourceRefs)
        {
            await using var person = connection.CreateCommand();
            person.CommandText = "SELECT WGBH, LXDH FROM WG_JM WHERE JMID = $id";
            person.Parameters.AddWithValue("$id", source.LocalId);
            await using (var reader = await person.ExecuteReaderAsync(cancellationToken))
            {
                if (!await reader.ReadAsync(cancellationToken))
                    continue;
                if (!found)
                {
                    Put(response, request, "grid_cell", new FacetValue { Text = reader.GetString(0) });
                    Put(response, request, "phone", Phone(Text(reader, 1)) is { Length: > 0 } p ? new FacetValue { Text = p } : new FacetValue());
                }
                found = true;
            }
            await using var list = connection.CreateCommand();
            list.CommandText = "SELECT SJLX, SJMS, SBSJ, ZT FROM WG_SJ WHERE JMID = $id ORDER BY SBSJ";
            list.Parameters.AddWithValue("$id", source.LocalId);
            await using var rows = await list.ExecuteReaderAsync(cancellationToken);
            while (await rows.ReadAsync(cancellationToken))
                events.Values.Add(new FacetValue
                {
                    Record = new FacetRecord
                    {
                        Fields =
                        {
                            ["type"] = new FacetValue { Text = rows.GetString(0) },
                            ["description"] = new FacetValue { Text = rows.GetString(1) },
                            ["reported_time"] = new FacetValue { Text = rows.GetString(2) },
                            ["status"] = new FacetValue { Text = rows.GetString(3) },
                        },
                    },
                });
        }
        if (!found)
            throw new RpcException(new Status(StatusCode.NotFound, $"none of the {request.SourceRefs.Count} record(s) is known to the grid"));
        Put(response, request, "reported_events", new FacetValue { List = events });
        return response;
    }

    private static void Put(GetFacetResponse response, GetFacetRequest request, string field, FacetValue value)
    {
        if (request.Fields.Contains(field))
            response.Fields[field] = value;
    }

    /// <summary>A phone as digits only, without the +86 / 0086 country prefix; empty when nothing is left.</summary>
    public static string Phone(string raw)
    {
        var digits = new StringBuilder(raw.Length);
        foreach (var c in raw)
            if (char.IsAsciiDigit(c))
                digits.Append(c);
        var text = digits.ToString();
        if (text.StartsWith("0086", StringComparison.Ordinal))
            text = text[4..];
        else if (text.StartsWith("86", StringComparison.Ordinal) && text.Length == 13)
            text = text[2..];
        return text;
    }

    private static string Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? "" : reader.GetString(ordinal);

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connection);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
