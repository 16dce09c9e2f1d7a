using System.CommandLine;
using System.Globalization;
using Hub.Contracts.V1;
using Hub.Ctl.Output;

namespace Hub.Ctl.Commands;

/// <summary>The <c>routing</c> command group: which departments get cases of a category in a division.</summary>
public static class RoutingCommand
{
    private static readonly Column<RoutingRule>[] Columns =
    [
        new("rule_id", r => r.RuleId),
        new("category", r => r.CategoryCode.Length == 0 ? "*" : r.CategoryCode),
        new("division", r => r.DivisionCode.Length == 0 ? "*" : r.DivisionCode),
        new("lead", r => r.LeadDepartment),
        new("co_departments", r => string.Join(',', r.CoDepartments)),
        new("time_limits", r => Limits(r)),
        new("enabled", r => r.Enabled ? "yes" : "no"),
        new("version", r => r.Version.ToString(CultureInfo.InvariantCulture)),
        new("updated_by", r => r.UpdatedBy),
        new("updated", r => Times.Local(r.UpdateTime)),
    ];

    /// <summary>The <c>routing</c> command with its subcommands.</summary>
    public static Command Create() => new("routing",
        "Case routing rules: a category (and its sub-categories) in a division (and everything inside it) goes to a lead " +
        "department and co-departments, each getting a task. The enabled rule with the longest category, then the deepest division, wins.")
    {
        CreateList(),
        CreatePut(),
    };

    private static Command CreateList()
    {
        var category = new Option<string?>("--category") { Description = "Only rules for exactly this category code, e.g. 0102.", HelpName = "code" };
        var division = new Option<string?>("--division") { Description = "Only rules for divisions inside this 12-digit code.", HelpName = "code" };
        var all = PagingOptions.CreateAll("routing rules");
        var output = OutputOption.Create();
        var command = new Command("list", "List routing rules by category then division ('*' matches everything).") { category, division, all, output };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async hub =>
        {
            var (rules, hasMore) = await Pager.CollectAsync<RoutingRule>(async token =>
            {
                var page = await hub.Cases.ListRoutingRulesAsync(new ListRoutingRulesRequest
                {
                    CategoryCode = parse.GetValue(category) ?? "",
                    DivisionCode = parse.GetValue(division) ?? "",
                    PageSize = PagingOptions.PageSize,
                    PageToken = token,
                }, deadline: hub.Deadline(), cancellationToken: ct);
                return (page.RoutingRules, page.NextPageToken);
            }, parse.GetValue(all));
            Listing.Write(OutputOption.Get(parse, output), rules, Columns);
            PagingOptions.NoteMore(hasMore, "routing rules");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreatePut()
    {
        var ruleId = new Option<string?>("--rule-id") { Description = "Replace this rule (needs --expected-version); without it a rule is created.", HelpName = "id" };
        var expected = new Option<long>("--expected-version") { Description = "The version of the rule being replaced (see 'hubctl routing list').", HelpName = "n" };
        var category = new Option<string?>("--category") { Description = "Category code, e.g. 0102; omit for every category.", HelpName = "code" };
        var division = new Option<string?>("--division") { Description = "12-digit division code, e.g. 330802000000; omit for everywhere.", HelpName = "code" };
        var lead = new Option<string>("--lead") { Description = "Department code of the lead department.", HelpName = "department", Required = true };
        var co = new Option<string[]>("--co") { Description = "A co-department (repeatable).", HelpName = "department", AllowMultipleArgumentsPerToken = true };
        var limits = new Option<string[]>("--limit")
        {
            Description = "A stage time limit in working hours, STATE=HOURS, e.g. DISPATCHED=4 or IN_PROGRESS=40 (repeatable).",
            HelpName = "state=hours",
        };
        var disabled = new Option<bool>("--disabled") { Description = "Keep the rule but do not use it." };
        var command = new Command("put", "Create or replace a routing rule and print it as stored.")
        {
            ruleId, expected, category, division, lead, co, limits, disabled,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, async hub =>
        {
            var rule = new RoutingRule
            {
                RuleId = parse.GetValue(ruleId) ?? "",
                CategoryCode = parse.GetValue(category) ?? "",
                DivisionCode = parse.GetValue(division) ?? "",
                LeadDepartment = parse.GetRequiredValue(lead),
                CoDepartments = { parse.GetValue(co) ?? [] },
                Enabled = !parse.GetValue(disabled),
            };
            foreach (var text in parse.GetValue(limits) ?? [])
                rule.TimeLimits.Add(Limit(text));
            var stored = (await hub.Cases.PutRoutingRuleAsync(
                new PutRoutingRuleRequest { RoutingRule = rule, ExpectedVersion = parse.GetValue(expected) },
                deadline: hub.Deadline(), cancellationToken: ct)).RoutingRule;
            Listing.Write(OutputFormat.Table, [stored], Columns);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static StageTimeLimit Limit(string text)
    {
        var parts = text.Split('=', 2);
        if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !Enum.TryParse<CaseState>(parts[0].Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var state)
            || state == CaseState.Unspecified)
            throw new UsageException($"--limit '{text}' is not STATE=HOURS, e.g. DISPATCHED=4 or IN_PROGRESS=40");
        return new StageTimeLimit { State = state, WorkingHours = hours };
    }

    private static string Limits(RoutingRule r) =>
        string.Join(' ', r.TimeLimits.Select(l => $"{ProtoNames.Of(l.State)}={l.WorkingHours}h"));
}
