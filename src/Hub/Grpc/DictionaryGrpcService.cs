using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Dictionaries;

namespace Hub.Grpc;

/// <summary>DictionaryService: canonical dictionaries and department code mappings.</summary>
public sealed class DictionaryGrpcService(MappingService mappings, IMappingStore store, DictionaryVersions versions)
    : DictionaryService.DictionaryServiceBase
{
    private const int MaxBatch = 1000;
    private const int MaxCsvBytes = 10 * 1024 * 1024;

    /// <inheritdoc />
    public override Task<ListDictionariesResponse> ListDictionaries(ListDictionariesRequest request, ServerCallContext context)
    {
        var checks = new RequestChecks();
        var size = PageToken.Size(request.PageSize, checks);
        var offset = PageToken.Offset(request.PageToken, "dictionaries", checks);
        checks.ThrowIfInvalid();
        var page = mappings.Catalog.All.Skip(offset).Take(size).Select(ToMessage).ToList();
        return Task.FromResult(new ListDictionariesResponse
        {
            Dictionaries = { page },
            NextPageToken = PageToken.Next(offset, size, page.Count, "dictionaries"),
        });
    }

    /// <inheritdoc />
    public override Task<GetDictionaryResponse> GetDictionary(GetDictionaryRequest request, ServerCallContext context)
    {
        new RequestChecks().Required("dictionary", request.Dictionary, 64).ThrowIfInvalid();
        var dictionary = Find(request.Dictionary);
        if (request.Version.Length > 0 && request.Version != dictionary.Version)
            RpcErrors.NotFound($"dictionary {dictionary.Id} has no version '{request.Version}'; this hub holds version {dictionary.Version}");
        var response = new GetDictionaryResponse { Dictionary = ToMessage(dictionary) };
        response.Entries.AddRange(dictionary.Codes.Select(c => new DictionaryEntry
        {
            Code = c.Code, Label = c.Label, ParentCode = c.ParentCode, Deprecated = c.Deprecated,
        }));
        return Task.FromResult(response);
    }

    /// <inheritdoc />
    public override async Task<ListMappingsResponse> ListMappings(ListMappingsRequest request, ServerCallContext context)
    {
        var checks = new RequestChecks().Department("department", request.Department);
        var size = PageToken.Size(request.PageSize, checks);
        var filter = $"mappings|{request.Department}|{request.Dictionary}";
        var offset = PageToken.Offset(request.PageToken, filter, checks);
        checks.ThrowIfInvalid();
        if (request.Dictionary.Length > 0)
            Find(request.Dictionary);
        var rows = await store.ListMappingsAsync(request.Department, NullIfEmpty(request.Dictionary), offset, size, context.CancellationToken);
        return new ListMappingsResponse
        {
            Mappings = { rows.Select(ToMessage) },
            NextPageToken = PageToken.Next(offset, size, rows.Count, filter),
        };
    }

    /// <inheritdoc />
    public override async Task<PutMappingsResponse> PutMappings(PutMappingsRequest request, ServerCallContext context)
    {
        new RequestChecks()
            .Check(request.Mappings.Count == 0, "mappings", "at least one mapping is required")
            .Check(request.Mappings.Count > MaxBatch, "mappings", $"at most {MaxBatch} mappings per call")
            .ThrowIfInvalid();
        var caller = CallerIdentity.Of(context);
        var rows = request.Mappings.Select(m => new CodeMappingRow(m.Department, m.Dictionary, m.LocalCode.Trim(), m.CanonicalCode.Trim(),
            m.LocalLabel.Trim(), m.Note.Trim(), caller, default)).ToList();
        try
        {
            var result = await mappings.PutAsync(rows, caller, context.CancellationToken);
            return new PutMappingsResponse { AppliedCount = result.Applied, RequeuedRecordCount = result.Requeued };
        }
        catch (MappingRejectedException ex)
        {
            throw RpcErrors.InvalidArgument(ex.Problems);
        }
    }

    /// <inheritdoc />
    public override async Task<DeleteMappingsResponse> DeleteMappings(DeleteMappingsRequest request, ServerCallContext context)
    {
        var checks = new RequestChecks()
            .Check(request.Keys.Count == 0, "keys", "at least one key is required")
            .Check(request.Keys.Count > MaxBatch, "keys", $"at most {MaxBatch} keys per call");
        for (var i = 0; i < request.Keys.Count; i++)
        {
            var k = request.Keys[i];
            checks.Department($"keys[{i}].department", k.Department)
                .Required($"keys[{i}].dictionary", k.Dictionary, 64)
                .Required($"keys[{i}].local_code", k.LocalCode, MappingCsv.MaxLocalCode);
        }
        checks.ThrowIfInvalid();
        var keys = request.Keys.Select(k => new Dictionaries.LocalCodeKey(k.Department, k.Dictionary, k.LocalCode.Trim())).ToList();
        var result = await mappings.DeleteAsync(keys, CallerIdentity.Of(context), context.CancellationToken);
        return new DeleteMappingsResponse { DeletedCount = result.Deleted };
    }

    /// <inheritdoc />
    public override async Task<ListUnmappedCodesResponse> ListUnmappedCodes(ListUnmappedCodesRequest request, ServerCallContext context)
    {
        var checks = new RequestChecks().Department("department", request.Department, optional: true).MaxLength("dictionary", request.Dictionary, 64);
        var size = PageToken.Size(request.PageSize, checks);
        var filter = $"unmapped|{request.Department}|{request.Dictionary}";
        var offset = PageToken.Offset(request.PageToken, filter, checks);
        checks.ThrowIfInvalid();
        var rows = await store.ListUnmappedAsync(NullIfEmpty(request.Department), NullIfEmpty(request.Dictionary), offset, size,
            context.CancellationToken);
        return new ListUnmappedCodesResponse
        {
            UnmappedCodes =
            {
                rows.Select(u => new UnmappedCode
                {
                    Department = u.Department, Dictionary = u.Dictionary, LocalCode = u.LocalCode, LocalLabel = u.LocalLabel,
                    Count = u.Count, QuarantinedCount = u.QuarantinedCount,
                    FirstSeenTime = Timestamp.FromDateTimeOffset(u.FirstSeen), LastSeenTime = Timestamp.FromDateTimeOffset(u.LastSeen),
                    ExampleSourceRef = new SourceRef { Department = u.Department, LocalId = u.ExampleLocalId },
                }),
            },
            NextPageToken = PageToken.Next(offset, size, rows.Count, filter),
        };
    }

    /// <inheritdoc />
    public override async Task<ExportMappingsResponse> ExportMappings(ExportMappingsRequest request, ServerCallContext context)
    {
        new RequestChecks().Department("department", request.Department).Required("dictionary", request.Dictionary, 64).ThrowIfInvalid();
        var dictionary = Find(request.Dictionary);
        var response = new ExportMappingsResponse { DictionaryVersion = dictionary.Version };
        if (request.Format == ExportFormat.Rows)
            response.Mappings.AddRange((await mappings.ListAllAsync(request.Department, dictionary.Id, context.CancellationToken)).Select(ToMessage));
        else
            response.CsvContent = ByteString.CopyFrom(await mappings.ExportAsync(request.Department, dictionary.Id, context.CancellationToken));
        return response;
    }

    /// <inheritdoc />
    public override async Task<ImportMappingsResponse> ImportMappings(ImportMappingsRequest request, ServerCallContext context)
    {
        new RequestChecks().Department("department", request.Department).Required("dictionary", request.Dictionary, 64)
            .Check(request.CsvContent.Length > MaxCsvBytes, "csv_content", $"is larger than {MaxCsvBytes / 1024 / 1024} MiB")
            .ThrowIfInvalid();
        var dictionary = Find(request.Dictionary);
        var result = await mappings.ImportAsync(request.Department, dictionary, request.CsvContent.Memory, request.ReplaceAll,
            request.ValidateOnly, CallerIdentity.Of(context), context.CancellationToken);
        return new ImportMappingsResponse
        {
            AppliedCount = result.Applied,
            RowCount = result.RowCount,
            RequeuedRecordCount = result.Requeued,
            Errors = { result.Problems.Select(p => new ImportError { Line = p.Line, Column = p.Column, Reason = p.Reason }) },
        };
    }

    private CanonicalDictionary Find(string id)
    {
        if (!mappings.Catalog.TryGet(id, out var dictionary))
            RpcErrors.NotFound($"no dictionary '{id}'; ListDictionaries shows them ({string.Join(", ", mappings.Catalog.All.Select(d => d.Id))})");
        return dictionary;
    }

    private Dictionary ToMessage(CanonicalDictionary d) => new()
    {
        Id = d.Id, Name = d.Name, Standard = d.Standard, Version = d.Version, EntryCount = d.Codes.Count,
        UpdateTime = Timestamp.FromDateTimeOffset(versions.LoadedAt(d.Id)),
    };

    private static CodeMapping ToMessage(CodeMappingRow m) => new()
    {
        Department = m.Department, Dictionary = m.Dictionary, LocalCode = m.LocalCode, CanonicalCode = m.CanonicalCode,
        LocalLabel = m.LocalLabel, Note = m.Note, UpdatedBy = m.UpdatedBy, UpdateTime = Timestamp.FromDateTimeOffset(m.UpdatedAt),
    };

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
