using Grpc.Core;
using Hub.Cases;
using Hub.Contracts.V1;

namespace Hub.Grpc;

/// <summary>CaseService: intake, reads, life-cycle moves, the resumable event stream and routing rules.</summary>
public sealed class CaseGrpcService(CaseDesk desk, CaseWatcher watcher, ICaseStore store, CaseRequestChecks checks,
    IHostApplicationLifetime lifetime) : CaseService.CaseServiceBase
{
    private static readonly WriteOptions BufferOnly = new(WriteFlags.BufferHint);

    /// <inheritdoc />
    public override async Task<SubmitCaseResponse> SubmitCase(SubmitCaseRequest request, ServerCallContext context)
    {
        checks.Submit(request);
        var (c, created) = await Run(() => desk.SubmitAsync(request, CallerIdentity.Of(context), context.CancellationToken));
        return new SubmitCaseResponse { Case = c, Created = created };
    }

    /// <inheritdoc />
    public override async Task<GetCaseResponse> GetCase(GetCaseRequest request, ServerCallContext context)
    {
        new RequestChecks().Required("case_id", request.CaseId, 64).ThrowIfInvalid();
        return new GetCaseResponse { Case = await Run(() => desk.GetAsync(request.CaseId, context.CancellationToken)) };
    }

    /// <inheritdoc />
    public override async Task<ListCasesResponse> ListCases(ListCasesRequest request, ServerCallContext context)
    {
        var (query, filter) = checks.List(request);
        var cases = await desk.ListAsync(query, context.CancellationToken);
        return new ListCasesResponse
        {
            Cases = { cases },
            NextPageToken = PageToken.Next(query.Offset, query.Limit, cases.Count, filter),
        };
    }

    /// <inheritdoc />
    public override async Task<TransitionCaseResponse> TransitionCase(TransitionCaseRequest request, ServerCallContext context)
    {
        checks.Transition(request);
        var command = new TransitionCommand(request.CaseId, request.TaskId, request.TargetState, request.ExpectedVersion,
            request.ActorDepartment, request.Note, request.DispatchDepartments, request.MergedIntoCaseId, request.Evaluation,
            CallerIdentity.Of(context));
        return new TransitionCaseResponse { Case = await Run(() => desk.TransitionAsync(command, context.CancellationToken)) };
    }

    /// <inheritdoc />
    public override async Task WatchCases(WatchCasesRequest request, IServerStreamWriter<WatchCasesResponse> responseStream,
        ServerCallContext context)
    {
        var after = checks.Watch(request);
        if (after is { } cursor && cursor > await store.LastSequenceAsync(context.CancellationToken))
            throw RpcErrors.InvalidArgument("cursor", "is ahead of this hub's newest event: it does not come from this hub's event history");
        var filter = new WatchFilter(request.Department, request.DivisionCodePrefix, [.. request.CategoryCodes]);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await foreach (var batch in watcher.WatchAsync(filter, after, stop.Token))
            {
                // Flush once per batch: every event but the last is only buffered.
                for (var i = 0; i < batch.Count; i++)
                {
                    responseStream.WriteOptions = i < batch.Count - 1 ? BufferOnly : null;
                    await responseStream.WriteAsync(new WatchCasesResponse { Event = batch[i] }, stop.Token);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The caller went away or the hub is stopping: the stream simply ends; the caller resumes by cursor.
        }
    }

    /// <inheritdoc />
    public override async Task<ListRoutingRulesResponse> ListRoutingRules(ListRoutingRulesRequest request, ServerCallContext context)
    {
        var (offset, size, filter) = checks.ListRules(request);
        var prefix = RoutingTable.DivisionPrefix(request.DivisionCode);
        var matching = (await desk.ListRulesAsync(context.CancellationToken))
            .Where(r => request.CategoryCode.Length == 0 || r.CategoryCode == request.CategoryCode)
            .Where(r => request.DivisionCode.Length == 0 || r.DivisionCode.StartsWith(prefix, StringComparison.Ordinal))
            .Skip(offset).Take(size).ToList();
        return new ListRoutingRulesResponse
        {
            RoutingRules = { matching },
            NextPageToken = PageToken.Next(offset, size, matching.Count, filter),
        };
    }

    /// <inheritdoc />
    public override async Task<PutRoutingRuleResponse> PutRoutingRule(PutRoutingRuleRequest request, ServerCallContext context)
    {
        checks.PutRule(request);
        var stored = await Run(() => desk.PutRuleAsync(request.RoutingRule, request.ExpectedVersion, CallerIdentity.Of(context),
            context.CancellationToken));
        return new PutRoutingRuleResponse { RoutingRule = stored };
    }

    private static async Task<T> Run<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (CaseException ex)
        {
            throw ex.Kind switch
            {
                CaseErrorKind.InvalidArgument => RpcErrors.InvalidArgument(ex.Field, ex.Message),
                CaseErrorKind.NotFound => new RpcException(new Status(StatusCode.NotFound, ex.Message)),
                CaseErrorKind.VersionConflict => new RpcException(new Status(StatusCode.Aborted, ex.Message)),
                CaseErrorKind.NotAllowed => RpcErrors.FailedPrecondition(ex.Message),
                CaseErrorKind.AlreadyExists => new RpcException(new Status(StatusCode.AlreadyExists, ex.Message)),
                _ => new RpcException(new Status(StatusCode.PermissionDenied, ex.Message)),
            };
        }
    }
}
