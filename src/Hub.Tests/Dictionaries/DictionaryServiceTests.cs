using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;
using Microsoft.Data.Sqlite;

namespace Hub.Tests.Dictionaries;

/// <summary>DictionaryService over gRPC against a real hub.</summary>
public sealed class DictionaryServiceTests : IAsyncLifetime
{
    private TestHub _hub = null!;
    private DictionaryService.DictionaryServiceClient _client = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        _client = new DictionaryService.DictionaryServiceClient(_hub.Channel);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private static CodeMapping Mapping(string department, string dictionary, string local, string canonical, string label = "") =>
        new() { Department = department, Dictionary = dictionary, LocalCode = local, CanonicalCode = canonical, LocalLabel = label };

    [Fact]
    public async Task ListDictionaries_Default_ListsShippedDictionariesWithVersions()
    {
        var reply = await _client.ListDictionariesAsync(new ListDictionariesRequest(), deadline: Deadlines.Default());

        var sex = reply.Dictionaries.Single(d => d.Id == "sex");
        Assert.Equal(("GB/T 2261.1-2003", "2003", 4), (sex.Standard, sex.Version, sex.EntryCount));
        Assert.NotNull(sex.UpdateTime);
        Assert.Equal(8, reply.Dictionaries.Count);
        Assert.Equal("", reply.NextPageToken);
    }

    [Fact]
    public async Task ListDictionaries_SmallPages_WalkEveryDictionaryOnce()
    {
        var ids = new List<string>();
        var token = "";
        do
        {
            var page = await _client.ListDictionariesAsync(new ListDictionariesRequest { PageSize = 3, PageToken = token }, deadline: Deadlines.Default());
            ids.AddRange(page.Dictionaries.Select(d => d.Id));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(8, ids.Distinct().Count());
        Assert.Equal(8, ids.Count);
    }

    [Fact]
    public async Task GetDictionary_Ethnicity_ReturnsEntriesInCodeOrder()
    {
        var reply = await _client.GetDictionaryAsync(new GetDictionaryRequest { Dictionary = "ethnicity" }, deadline: Deadlines.Default());

        Assert.Equal(56, reply.Entries.Count);
        Assert.Equal(("01", "汉族"), (reply.Entries[0].Code, reply.Entries[0].Label));
    }

    [Fact]
    public async Task GetDictionary_Unknown_NotFound()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await _client.GetDictionaryAsync(new GetDictionaryRequest { Dictionary = "gender" }, deadline: Deadlines.Default()));
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task PutMappings_ValidBatch_IsListedWithWhoAndWhen()
    {
        var put = await _client.PutMappingsAsync(new PutMappingsRequest
        {
            Mappings = { Mapping("civil-affairs", "sex", "男", "1", "男"), Mapping("civil-affairs", "sex", "女", "2", "女") },
        }, deadline: Deadlines.Default());
        Assert.Equal(2, put.AppliedCount);

        var list = await _client.ListMappingsAsync(new ListMappingsRequest { Department = "civil-affairs" }, deadline: Deadlines.Default());

        Assert.Equal(["女", "男"], list.Mappings.Select(m => m.LocalCode).Order(StringComparer.Ordinal));
        Assert.All(list.Mappings, m => Assert.Equal(TestHub.AdminCaller, m.UpdatedBy));
        Assert.All(list.Mappings, m => Assert.NotNull(m.UpdateTime));
    }

    [Fact]
    public async Task PutMappings_OneBadMapping_RefusesWholeBatchWithFieldViolations()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(async () => await _client.PutMappingsAsync(new PutMappingsRequest
        {
            Mappings =
            {
                Mapping("social-security", "sex", "1", "1"),
                Mapping("social-security", "sex", "2", "7"),
                Mapping("social-security", "sex", "1", "2"),
                Mapping("Social Security", "nonsense", "x", "1"),
            },
        }, deadline: Deadlines.Default()));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var violations = ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field).ToList();
        Assert.Contains("mappings[1].canonical_code", violations);
        Assert.Contains("mappings[2].local_code", violations);
        Assert.Contains("mappings[3].department", violations);
        Assert.Contains("mappings[3].dictionary", violations);
        var list = await _client.ListMappingsAsync(new ListMappingsRequest { Department = "social-security" }, deadline: Deadlines.Default());
        Assert.Empty(list.Mappings);
    }

    [Fact]
    public async Task DeleteMappings_Twice_DeletesOnceAndKeepsHistory()
    {
        await _client.PutMappingsAsync(new PutMappingsRequest { Mappings = { Mapping("grid", "sex", "M", "1") } }, deadline: Deadlines.Default());
        var key = new MappingKey { Department = "grid", Dictionary = "sex", LocalCode = "M" };

        var first = await _client.DeleteMappingsAsync(new DeleteMappingsRequest { Keys = { key } }, deadline: Deadlines.Default());
        var second = await _client.DeleteMappingsAsync(new DeleteMappingsRequest { Keys = { key } }, deadline: Deadlines.Default());

        Assert.Equal((1, 0), (first.DeletedCount, second.DeletedCount));
        Assert.Equal(["put:1", "delete:"], await HistoryAsync("grid"));
    }

    [Fact]
    public async Task ExportThenImport_IntoAnotherDepartment_GivesTheSameMappings()
    {
        await _client.PutMappingsAsync(new PutMappingsRequest
        {
            Mappings =
            {
                Mapping("health", "ethnicity", "HA", "01", "汉"), Mapping("health", "ethnicity", "MG", "02", "蒙古"),
                Mapping("health", "ethnicity", "HU", "03", "回, 回族"),
            },
        }, deadline: Deadlines.Default());

        var export = await _client.ExportMappingsAsync(new ExportMappingsRequest { Department = "health", Dictionary = "ethnicity" }, deadline: Deadlines.Default());
        var import = await _client.ImportMappingsAsync(new ImportMappingsRequest
        {
            Department = "urban-management", Dictionary = "ethnicity", CsvContent = export.CsvContent,
        }, deadline: Deadlines.Default());

        Assert.Empty(import.Errors);
        Assert.Equal((3, 3), (import.RowCount, import.AppliedCount));
        var source = await RowsAsync("health");
        var copy = await RowsAsync("urban-management");
        Assert.Equal(source, copy);
        Assert.Equal(export.CsvContent, (await _client.ExportMappingsAsync(
            new ExportMappingsRequest { Department = "urban-management", Dictionary = "ethnicity" }, deadline: Deadlines.Default())).CsvContent);
    }

    [Fact]
    public async Task ImportMappings_BadFile_ReportsRowErrorsAndChangesNothing()
    {
        await _client.PutMappingsAsync(new PutMappingsRequest { Mappings = { Mapping("household", "sex", "1", "1") } }, deadline: Deadlines.Default());
        var csv = "local_code,canonical_code,local_label,note\n1,2,男,\n2,7,女,\n2,2,女,\n"u8.ToArray();

        var reply = await _client.ImportMappingsAsync(new ImportMappingsRequest
        {
            Department = "household", Dictionary = "sex", CsvContent = ByteString.CopyFrom(csv), ReplaceAll = true,
        }, deadline: Deadlines.Default());

        Assert.Equal(0, reply.AppliedCount);
        Assert.Contains(reply.Errors, e => e is { Line: 3, Column: "canonical_code" });
        Assert.Contains(reply.Errors, e => e is { Line: 4, Column: "local_code" });
        Assert.Equal(["1:1"], await RowsAsync("household"));
    }

    [Fact]
    public async Task ImportMappings_ReplaceAll_DeletesMappingsNotInTheFile()
    {
        await _client.PutMappingsAsync(new PutMappingsRequest
        {
            Mappings = { Mapping("health", "sex", "old", "9"), Mapping("health", "sex", "1", "1") },
        }, deadline: Deadlines.Default());

        var reply = await _client.ImportMappingsAsync(new ImportMappingsRequest
        {
            Department = "health", Dictionary = "sex", ReplaceAll = true,
            CsvContent = ByteString.CopyFrom("\uFEFFlocal_code,canonical_code\n1,1\n2,2\n"u8.ToArray()),
        }, deadline: Deadlines.Default());

        Assert.Empty(reply.Errors);
        Assert.Equal(2, reply.AppliedCount); // "2" added, "old" deleted, "1" unchanged
        Assert.Equal(["1:1", "2:2"], await RowsAsync("health"));
    }

    [Fact]
    public async Task ImportMappings_ValidateOnly_ChangesNothing()
    {
        var reply = await _client.ImportMappingsAsync(new ImportMappingsRequest
        {
            Department = "health", Dictionary = "sex", ValidateOnly = true,
            CsvContent = ByteString.CopyFrom("local_code,canonical_code\nM,1\n"u8.ToArray()),
        }, deadline: Deadlines.Default());

        Assert.Equal((1, 0, 0), (reply.RowCount, reply.AppliedCount, reply.Errors.Count));
        Assert.Empty(await RowsAsync("health"));
    }

    [Theory]
    [InlineData("", "sex", "department")]
    [InlineData("health", "", "dictionary")]
    public async Task ExportMappings_MissingField_InvalidArgumentNamingIt(string department, string dictionary, string field)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(async () => await _client.ExportMappingsAsync(
            new ExportMappingsRequest { Department = department, Dictionary = dictionary }, deadline: Deadlines.Default()));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains(ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations, v => v.Field == field);
    }

    [Fact]
    public async Task ListMappings_ForeignPageToken_InvalidArgument()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(async () => await _client.ListMappingsAsync(
            new ListMappingsRequest { Department = "health", PageToken = "not-a-token" }, deadline: Deadlines.Default()));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
    }

    private async Task<List<string>> RowsAsync(string department)
    {
        var reply = await _client.ListMappingsAsync(new ListMappingsRequest { Department = department }, deadline: Deadlines.Default());
        return reply.Mappings.Select(m => $"{m.LocalCode}:{m.CanonicalCode}").ToList();
    }

    private async Task<List<string>> HistoryAsync(string department)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_hub.DataDirectory, "hub.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT action, coalesce(canonical_code_after, ''), changed_by FROM code_mapping_history WHERE department = $d ORDER BY id";
        command.Parameters.AddWithValue("$d", department);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            Assert.Equal(TestHub.AdminCaller, reader.GetString(2));
            rows.Add($"{reader.GetString(0)}:{reader.GetString(1)}");
        }
        return rows;
    }
}
