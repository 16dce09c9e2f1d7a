using Hub.Cases;
using Hub.Common;
using Hub.Contracts.V1;
using Hub.Dictionaries;

namespace Hub.Grpc;

/// <summary>Shape checks of CaseService requests; every bad field is reported at once (INVALID_ARGUMENT).</summary>
public sealed class CaseRequestChecks(DictionaryCatalog dictionaries, TimeProvider time)
{
    private const int MaxDescription = 4000, MaxAddress = 512, MaxName = 100, MaxNote = 2000, MaxComment = 1000, MaxParties = 20;

    private static readonly CaseState[] TaskTargets = [CaseState.InProgress, CaseState.OnHold, CaseState.Resolved, CaseState.Rejected];

    /// <summary>Checks a SubmitCase request.</summary>
    public void Submit(SubmitCaseRequest r)
    {
        var checks = new RequestChecks()
            .Required("request_id", r.RequestId, 64)
            .Check(r.Channel == CaseChannel.Unspecified || !Enum.IsDefined(r.Channel), "channel",
                "is required: CASE_CHANNEL_GRID_APP, HOTLINE, COUNTER, WEB, MOBILE_APP, DEPARTMENT_SYSTEM, KIOSK or LETTERS_AND_VISITS")
            .Required("category_code", r.CategoryCode, 16)
            .Check(r.CategoryCode.Length > 0 && !IsCategory(r.CategoryCode), "category_code", "is not a code of the case-category dictionary")
            .Required("description", r.Description, MaxDescription)
            .Check(r.Location is null || (r.Location.AddressText.Length == 0 && r.Location.Point is null), "location",
                "give address_text, point or both")
            .Check(r.Parties.Count > MaxParties, "parties", $"at most {MaxParties} parties");
        if (r.Location is not null)
        {
            checks.MaxLength("location.address_text", r.Location.AddressText, MaxAddress);
            Point(checks, "location.point", r.Location.Point);
        }
        for (var i = 0; i < r.Parties.Count; i++)
        {
            var p = r.Parties[i];
            checks.Check(p.Resident is null && string.IsNullOrWhiteSpace(p.Name), $"parties[{i}].name", "is required when resident is unset")
                .MaxLength($"parties[{i}].name", p.Name, MaxName)
                .Check(!Enum.IsDefined(p.Role), $"parties[{i}].role", "is not a PartyRole");
            Reference(checks, $"parties[{i}].resident", p.Resident);
        }
        if (r.Reporter is { } reporter)
        {
            checks.Check(!Enum.IsDefined(reporter.Kind), "reporter.kind", "is not a ReporterKind")
                .MaxLength("reporter.name", reporter.Name, MaxName)
                .MaxLength("reporter.staff_id", reporter.StaffId, 64)
                .Department("reporter.department", reporter.Department, optional: true);
            Reference(checks, "reporter.resident", reporter.Resident);
        }
        if (r.OccurTime is { } occur)
            checks.Check(!ValidTime(occur), "occur_time", "is not a valid timestamp")
                .Check(ValidTime(occur) && occur.ToDateTimeOffset() > time.GetUtcNow().AddMinutes(10), "occur_time", "must not be in the future");
        checks.ThrowIfInvalid();
    }

    /// <summary>Checks a ListCases request; returns the store query and the page-token filter text.</summary>
    public (CaseQuery Query, string Filter) List(ListCasesRequest r)
    {
        var checks = new RequestChecks()
            .Check(r.States.Any(s => s == CaseState.Unspecified || !Enum.IsDefined(s)), "states", "holds a value that is not a case state")
            .Department("department", r.Department, optional: true)
            .Check(!IsDigits(r.DivisionCodePrefix, 12), "division_code_prefix", "must be up to 12 digits")
            .Check(!IsDigits(r.CategoryCode, 16), "category_code", "must be a case-category code (digits)")
            .Check(!Enum.IsDefined(r.Channel), "channel", "is not a CaseChannel")
            .MaxLength("resident_id", r.ResidentId, 64);
        var range = r.CreateTimeRange;
        // A timestamp outside 0001..9999 or with bad nanos cannot be converted: a field violation, never a crash.
        checks.Check(range?.StartTime is { } s && !ValidTime(s), "create_time_range.start_time", "is not a valid timestamp")
            .Check(range?.EndTime is { } e && !ValidTime(e), "create_time_range.end_time", "is not a valid timestamp");
        checks.Check(range?.StartTime is not null && range.EndTime is not null && ValidTime(range.StartTime) && ValidTime(range.EndTime)
            && range.EndTime.ToDateTimeOffset() <= range.StartTime.ToDateTimeOffset(), "create_time_range.end_time", "must be after start_time");
        var size = PageToken.Size(r.PageSize, checks);
        var filter = $"cases|{string.Join(',', r.States)}|{r.Department}|{r.DivisionCodePrefix}|{r.CategoryCode}|{r.Channel}|{r.OverdueOnly}|{range}|{r.ResidentId}";
        var offset = PageToken.Offset(r.PageToken, filter, checks);
        checks.ThrowIfInvalid();
        return (new CaseQuery([.. r.States], r.Department, r.DivisionCodePrefix, r.CategoryCode,
            r.Channel == CaseChannel.Unspecified ? null : r.Channel, r.OverdueOnly, range?.StartTime?.ToDateTimeOffset(),
            range?.EndTime?.ToDateTimeOffset(), r.ResidentId, offset, size), filter);
    }

    /// <summary>Checks a TransitionCase request.</summary>
    public void Transition(TransitionCaseRequest r)
    {
        var target = r.TargetState;
        var checks = new RequestChecks()
            .Required("case_id", r.CaseId, 64)
            .MaxLength("task_id", r.TaskId, 80)
            .Check(target == CaseState.Unspecified || !Enum.IsDefined(target), "target_state", "is required")
            .Check(r.TaskId.Length > 0 && target != CaseState.Unspecified && !TaskTargets.Contains(target), "target_state",
                $"a task moves only to {CaseStates.Names(TaskTargets)}")
            .Check(r.ExpectedVersion < 1, "expected_version", "is required: the case version you last read (versions start at 1)")
            .Department("actor_department", r.ActorDepartment)
            .MaxLength("note", r.Note, MaxNote)
            .Check(r.DispatchDepartments.Count > 0 && (target != CaseState.Dispatched || r.TaskId.Length > 0), "dispatch_departments",
                "is only for a case moving to CASE_STATE_DISPATCHED")
            .Check(r.DispatchDepartments.Distinct().Count() != r.DispatchDepartments.Count, "dispatch_departments", "names a department twice")
            .Check(target == CaseState.Merged && r.TaskId.Length == 0 && r.MergedIntoCaseId.Length == 0, "merged_into_case_id",
                "is required to merge a case")
            .MaxLength("merged_into_case_id", r.MergedIntoCaseId, 64)
            .Check(target == CaseState.Evaluated && (r.Evaluation is null || r.Evaluation.Satisfaction == Satisfaction.Unspecified
                || !Enum.IsDefined(r.Evaluation.Satisfaction)), "evaluation.satisfaction", "is required to evaluate a case");
        for (var i = 0; i < r.DispatchDepartments.Count; i++)
            checks.Department($"dispatch_departments[{i}]", r.DispatchDepartments[i]);
        if (r.Evaluation is not null)
            checks.MaxLength("evaluation.comment", r.Evaluation.Comment, MaxComment);
        checks.ThrowIfInvalid();
    }

    /// <summary>Checks a WatchCases request; returns the sequence to resume after, or null for "from now".</summary>
    public long? Watch(WatchCasesRequest r)
    {
        var checks = new RequestChecks()
            .Department("department", r.Department, optional: true)
            .Check(!IsDigits(r.DivisionCodePrefix, 12), "division_code_prefix", "must be up to 12 digits")
            .Check(r.CategoryCodes.Count > 50, "category_codes", "at most 50");
        for (var i = 0; i < r.CategoryCodes.Count; i++)
            checks.Check(r.CategoryCodes[i].Length == 0 || !IsDigits(r.CategoryCodes[i], 16), $"category_codes[{i}]", "must be a case-category code (digits)");
        long sequence = 0;
        checks.Check(r.Cursor.Length > 0 && !CaseCursor.TryParse(r.Cursor, out sequence), "cursor",
            "is not a cursor this hub gave out (use CaseEvent.cursor unchanged)");
        checks.ThrowIfInvalid();
        return r.Cursor.Length == 0 ? null : sequence;
    }

    /// <summary>Checks a ListRoutingRules request; returns offset, size and the page-token filter text.</summary>
    public (int Offset, int Size, string Filter) ListRules(ListRoutingRulesRequest r)
    {
        var checks = new RequestChecks()
            .Check(!IsDigits(r.CategoryCode, 16), "category_code", "must be a case-category code (digits)")
            .Check(r.DivisionCode.Length > 0 && !IsDigits(r.DivisionCode, 12, exact: true), "division_code", "must be a 12-digit division code");
        var size = PageToken.Size(r.PageSize, checks);
        var filter = $"rules|{r.CategoryCode}|{r.DivisionCode}";
        var offset = PageToken.Offset(r.PageToken, filter, checks);
        checks.ThrowIfInvalid();
        return (offset, size, filter);
    }

    /// <summary>Checks a PutRoutingRule request.</summary>
    public void PutRule(PutRoutingRuleRequest r)
    {
        var checks = new RequestChecks().Check(r.RoutingRule is null, "routing_rule", "is required");
        if (r.RoutingRule is { } rule)
        {
            checks.MaxLength("routing_rule.rule_id", rule.RuleId, 64)
                .Check(rule.CategoryCode.Length > 0 && !IsCategory(rule.CategoryCode), "routing_rule.category_code",
                    "is not a code of the case-category dictionary")
                .Check(rule.DivisionCode.Length > 0 && !IsDigits(rule.DivisionCode, 12, exact: true), "routing_rule.division_code",
                    "must be a 12-digit division code, e.g. 330802000000")
                .Department("routing_rule.lead_department", rule.LeadDepartment)
                .Check(rule.CoDepartments.Contains(rule.LeadDepartment), "routing_rule.co_departments", "must not repeat the lead department")
                .Check(rule.CoDepartments.Distinct().Count() != rule.CoDepartments.Count, "routing_rule.co_departments", "names a department twice")
                .Check(rule.TimeLimits.Select(l => l.State).Distinct().Count() != rule.TimeLimits.Count, "routing_rule.time_limits",
                    "gives a state twice")
                .Check(rule.RuleId.Length > 0 && r.ExpectedVersion < 1, "expected_version", "is required to replace a rule: its current version");
            for (var i = 0; i < rule.CoDepartments.Count; i++)
                checks.Department($"routing_rule.co_departments[{i}]", rule.CoDepartments[i]);
            for (var i = 0; i < rule.TimeLimits.Count; i++)
            {
                var limit = rule.TimeLimits[i];
                checks.Check(limit.State == CaseState.Unspecified || !Enum.IsDefined(limit.State) || CaseLifecycle.IsFinal(limit.State),
                        $"routing_rule.time_limits[{i}].state", "must be a state a case or task waits in")
                    .Check(limit.WorkingHours is < 1 or > 10_000, $"routing_rule.time_limits[{i}].working_hours", "must be 1 to 10000");
            }
        }
        checks.ThrowIfInvalid();
    }

    private bool IsCategory(string code) =>
        dictionaries.TryGet(DictionaryCatalog.CaseCategory, out var d) && d.TryGet(code, out _);

    private static bool IsDigits(string value, int max, bool exact = false) =>
        value.Length <= max && (!exact || value.Length == max) && value.All(char.IsAsciiDigit);

    private static void Point(RequestChecks checks, string field, GeoPoint? p)
    {
        if (p is null)
            return;
        checks.Check(!(p.Latitude is >= -90 and <= 90), field + ".latitude", "must be between -90 and 90")
            .Check(!(p.Longitude is >= -180 and <= 180), field + ".longitude", "must be between -180 and 180")
            .Check(!Enum.IsDefined(p.CoordinateSystem), field + ".coordinate_system", "is not a CoordinateSystem");
    }

    private static void Reference(RequestChecks checks, string field, ResidentRef? reference)
    {
        if (reference is null)
            return;
        switch (reference.ReferenceCase)
        {
            case ResidentRef.ReferenceOneofCase.None:
                checks.Check(true, field, "must set one of resident_id, source_ref or id_number");
                break;
            case ResidentRef.ReferenceOneofCase.ResidentId:
                checks.Required(field + ".resident_id", reference.ResidentId, 64);
                break;
            case ResidentRef.ReferenceOneofCase.SourceRef:
                checks.Department(field + ".source_ref.department", reference.SourceRef.Department)
                    .Required(field + ".source_ref.local_id", reference.SourceRef.LocalId, 128);
                break;
            case ResidentRef.ReferenceOneofCase.IdNumber:
                checks.Required(field + ".id_number", reference.IdNumber, 64);
                break;
        }
    }

    private static bool ValidTime(Google.Protobuf.WellKnownTypes.Timestamp t) =>
        t.Seconds is >= -62135596800 and <= 253402300799 && t.Nanos is >= 0 and < 1_000_000_000;
}
