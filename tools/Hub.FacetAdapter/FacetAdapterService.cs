using Grpc.Core;
using Hub.Contracts.V1;

namespace Hub.FacetAdapter;

/// <summary>DepartmentAdapterService over the department's SQLite file.</summary>
public sealed class FacetAdapterService(AdapterSettings settings, FacetDatabase database) : DepartmentAdapterService.DepartmentAdapterServiceBase
{
    /// <inheritdoc />
    public override async Task<GetFacetResponse> GetFacet(GetFacetRequest request, ServerCallContext context)
    {
        CheckKey(context);
        settings.CountCall();
        if (request.SourceRefs.Count == 0)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "source_refs is required"));
        if (request.SourceRefs.Any(r => r.Department != settings.Department))
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"source_refs must all belong to {settings.Department}"));
        if (settings.DeniedPurposes.Contains(request.Purpose))
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"purpose {request.Purpose} is not allowed by {settings.Department}"));
        if (settings.Delay > TimeSpan.Zero)
            await Task.Delay(settings.Delay, context.CancellationToken);

        var values = await database.ValuesAsync(request.SourceRefs.Select(r => r.LocalId).ToList(), context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, "none of the records exists"));
        var response = new GetFacetResponse();
        if (request.Fields.Count == 0)
        {
            // No fields named: every field served.
            response.Fields.Add(values);
            return response;
        }
        var known = (await database.FieldsAsync(context.CancellationToken)).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var field in request.Fields)
        {
            if (values.TryGetValue(field, out var value))
                response.Fields[field] = value;
            else if (known.Contains(field))
                response.Fields[field] = new FacetValue();
            else
                response.UnsupportedFields.Add(field);
        }
        return response;
    }

    /// <inheritdoc />
    public override async Task<DescribeResponse> Describe(DescribeRequest request, ServerCallContext context)
    {
        CheckKey(context);
        return new DescribeResponse
        {
            Department = settings.Department, AdapterId = settings.AdapterId, Version = "1",
            Facets = { new FacetDescriptor { Name = settings.Department, Description = "all fields", Fields = { await database.FieldsAsync(context.CancellationToken) } } },
        };
    }

    private void CheckKey(ServerCallContext context)
    {
        if (settings.RequiredKey.Length == 0)
            return;
        var sent = context.RequestHeaders.GetValue("authorization");
        if (sent != "Bearer " + settings.RequiredKey)
            throw new RpcException(new Status(StatusCode.Unauthenticated, "missing or wrong API key"));
    }
}
