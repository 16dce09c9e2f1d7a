using System.CommandLine;
using Google.Protobuf;
using Hub.Contracts.V1;
using Hub.Ctl.Output;

namespace Hub.Ctl.Commands;

/// <summary><c>hubctl policy</c>: what each calling system may do (needs the admin grant).</summary>
public static class PolicyCommand
{
    private static readonly Column<CallerPolicy>[] Columns =
    [
        new("caller", p => p.Caller),
        new("rpcs", p => string.Join(' ', p.Rpcs)),
        new("purposes", p => string.Join(' ', p.Purposes)),
        new("departments", p => string.Join(' ', p.Departments)),
        new("fields", p => string.Join(' ', p.Fields)),
        new("ingest", p => p.IngestDepartment),
        new("admin", p => p.Admin ? "yes" : ""),
        new("audit", p => p.Audit ? "yes" : ""),
        new("version", p => p.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    /// <summary>The <c>policy</c> command with its subcommands.</summary>
    public static Command Create() => new("policy",
        "Policies of the calling systems: allowed RPCs, purposes, departments, fields, ingest department, admin and audit grants, limits. " +
        "A change applies on every hub within a second.")
    {
        SetCommand(), GetCommand(), ListCommand(),
    };

    private static Command SetCommand()
    {
        var caller = new Argument<string>("caller") { Description = "The calling system, e.g. grid-portal." };
        var file = new Option<string?>("--file") { Description = "A CallerPolicy in proto3 JSON; the flags below are added to it.", HelpName = "path" };
        var rpcs = new Option<string[]>("--rpc") { Description = "An allowed RPC: hub.v1.Service/Method, hub.v1.Service/* or * (repeatable).", AllowMultipleArgumentsPerToken = false };
        var purposes = new Option<string[]>("--allow-purpose") { Description = "A purpose the caller may declare, or * (repeatable)." };
        var departments = new Option<string[]>("--department") { Description = "A department whose facets it may read, or * (repeatable)." };
        var fields = new Option<string[]>("--field") { Description = "A field it may receive: core.id_number, core.phone, <department>.<field>, <department>.* or * (repeatable)." };
        var ingest = new Option<string?>("--ingest-department") { Description = "The department it may push records for (an adapter's own).", HelpName = "department" };
        var admin = new Option<bool>("--admin") { Description = "Grant admin: mapping changes, identity changes, keys and policies." };
        var audit = new Option<bool>("--audit") { Description = "Grant audit: list the access log by any caller and verify the chain." };
        var cps = new Option<int>("--calls-per-second") { Description = "Rate limit; 0 for the hub's default." };
        var rpm = new Option<int>("--residents-per-minute") { Description = "Residents it may read per minute; 0 for the hub's default." };
        var command = new Command("set", "Create or replace a caller's policy.") { caller, file, rpcs, purposes, departments, fields, ingest, admin, audit, cps, rpm };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async hub =>
        {
            var policy = parse.GetValue(file) is { } path ? JsonParser.Default.Parse<CallerPolicy>(await File.ReadAllTextAsync(path, ct)) : new CallerPolicy();
            policy.Caller = parse.GetRequiredValue(caller);
            policy.Rpcs.AddRange(parse.GetValue(rpcs) ?? []);
            policy.Purposes.AddRange(parse.GetValue(purposes) ?? []);
            policy.Departments.AddRange(parse.GetValue(departments) ?? []);
            policy.Fields.AddRange(parse.GetValue(fields) ?? []);
            if (parse.GetValue(ingest) is { } department)
                policy.IngestDepartment = department;
            policy.Admin |= parse.GetValue(admin);
            policy.Audit |= parse.GetValue(audit);
            if (parse.GetValue(cps) > 0)
                policy.CallsPerSecond = parse.GetValue(cps);
            if (parse.GetValue(rpm) > 0)
                policy.ResidentReadsPerMinute = parse.GetValue(rpm);
            var stored = await hub.Access.PutPolicyAsync(new PutPolicyRequest { Policy = policy }, deadline: hub.Deadline(), cancellationToken: ct);
            Listing.Write(OutputFormat.Table, [stored.Policy], Columns);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command GetCommand()
    {
        var caller = new Argument<string>("caller") { Description = "The calling system." };
        var output = OutputOption.Create();
        var command = new Command("get", "Show one caller's policy.") { caller, output };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async hub =>
        {
            var r = await hub.Access.GetPolicyAsync(new GetPolicyRequest { Caller = parse.GetRequiredValue(caller) }, deadline: hub.Deadline(), cancellationToken: ct);
            Listing.Write(OutputOption.Get(parse, output), [r.Policy], Columns);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command ListCommand()
    {
        var all = PagingOptions.CreateAll("policies");
        var output = OutputOption.Create();
        var command = new Command("list", "List every caller's policy.") { all, output };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async hub =>
        {
            var (items, hasMore) = await Pager.CollectAsync<CallerPolicy>(async token =>
            {
                var page = await hub.Access.ListPoliciesAsync(new ListPoliciesRequest { PageSize = PagingOptions.PageSize, PageToken = token },
                    deadline: hub.Deadline(), cancellationToken: ct);
                return (page.Policies, page.NextPageToken);
            }, parse.GetValue(all));
            Listing.Write(OutputOption.Get(parse, output), items, Columns);
            PagingOptions.NoteMore(hasMore, "policies");
            return ExitCodes.Success;
        }));
        return command;
    }
}
