using Google.Rpc;
using Grpc.Core;
using Hub.Contracts.V1;

namespace Hub.Adapters;

/// <summary>DepartmentAdapterService as served by the adapter host: checks the request, then asks the plugin.</summary>
public sealed class DepartmentAdapterGrpcService(IDepartmentAdapter adapter, AdapterOptions options)
    : DepartmentAdapterService.DepartmentAdapterServiceBase
{
    /// <inheritdoc />
    public override async Task<GetFacetResponse> GetFacet(GetFacetRequest request, ServerCallContext context)
    {
        var violations = new List<BadRequest.Types.FieldViolation>();
        if (request.SourceRefs.Count == 0)
            violations.Add(Violation("source_refs", "at least one source reference is required"));
        for (var i = 0; i < request.SourceRefs.Count; i++)
        {
            var r = request.SourceRefs[i];
            if (r.Department != adapter.Department)
                violations.Add(Violation($"source_refs[{i}].department", $"'{r.Department}' is not this adapter's department '{adapter.Department}'"));
            if (r.LocalId.Length == 0)
                violations.Add(Violation($"source_refs[{i}].local_id", "is required"));
        }
        if (violations.Count > 0)
            throw new Google.Rpc.Status
            {
                Code = (int)Code.InvalidArgument,
                Message = "invalid GetFacetRequest",
                Details = { Google.Protobuf.WellKnownTypes.Any.Pack(new BadRequest { FieldViolations = { violations } }) },
            }.ToRpcException();
        // No fields named means every field the adapter serves; plugins always receive the names.
        if (request.Fields.Count == 0)
        {
            request = request.Clone();
            request.Fields.AddRange(adapter.Facets.SelectMany(f => f.Fields).Select(f => f.Name).Distinct());
        }
        try
        {
            return await adapter.GetFacetAsync(request, context.CancellationToken);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException)
        {
            // The department's database is down: the hub reports the facet as unavailable.
            throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "the department database is unreachable: " + e.Message));
        }
    }

    /// <inheritdoc />
    public override Task<DescribeResponse> Describe(DescribeRequest request, ServerCallContext context) =>
        Task.FromResult(new DescribeResponse
        {
            Department = adapter.Department,
            AdapterId = options.Id,
            Version = Registrar.Version,
            Facets = { adapter.Facets },
        });

    private static BadRequest.Types.FieldViolation Violation(string field, string description) =>
        new() { Field = field, Description = description };
}
