using Hub.Contracts.V1;
using Hub.Tests.Helpers;
using Hub.Tests.Identity.Lifecycle;
using static Hub.Tests.Identity.Lifecycle.IdentityKit;

namespace Hub.Tests.HubCtl;

/// <summary>
/// hubctl working through the identity review queue of a real hub: a conflict (the same valid ID
/// number on two records that disagree on name and birth date) is listed, shown and decided.
/// </summary>
public sealed class HubCtlReviewTests
{
    private const string WangFangId = "330802198503120020";

    [Fact]
    public async Task ReviewList_Conflict_ListsRecordAndBestCandidate()
    {
        await using var hub = await TestHub.StartAsync();
        var (owner, clash) = await SeedConflictAsync(hub);

        var table = await HubCtlProcess.RunAsync(hub.Address, "review", "list");
        var csv = await HubCtlProcess.RunAsync(hub.Address, "review", "list", "--output", "csv");
        var decided = await HubCtlProcess.RunAsync(hub.Address, "review", "list", "--state", "decided");

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains(clash.ReviewId, table.StandardOutput);
        Assert.Contains("陈建国", table.StandardOutput);
        Assert.True(csv.ExitCode == 0, csv.ToString());
        var lines = csv.StandardOutput.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("review_id,state,decision,record,name,best_candidate,score,created", lines[0]);
        var row = Assert.Single(lines.Skip(1));
        Assert.StartsWith($"{clash.ReviewId},OPEN,CONFLICT,civil-affairs:MZ9,陈建国,{owner.ResidentId},", row);
        Assert.True(decided.ExitCode == 0, decided.ToString());
        Assert.Contains("(none)", decided.StandardOutput);
    }

    [Fact]
    public async Task ReviewShow_Conflict_ShowsThePairSideBySideWithTheExplanation()
    {
        await using var hub = await TestHub.StartAsync();
        var (owner, clash) = await SeedConflictAsync(hub);

        var run = await HubCtlProcess.RunAsync(hub.Address, "review", "show", clash.ReviewId);

        Assert.True(run.ExitCode == 0, run.ToString());
        var output = run.StandardOutput;
        Assert.Contains($"review {clash.ReviewId}: CONFLICT, OPEN", output);
        Assert.Contains("note: ", output);
        Assert.Contains("陈建国", output);
        Assert.Contains($"candidate 1 of 1: resident {owner.ResidentId}", output);
        Assert.Contains("linked records: household:HJ1", output);
        var nameRow = Assert.Single(Rows(output), r => r[0] == "name");
        Assert.Equal("陈建国", nameRow[1]);
        Assert.Equal("DIFFERENT", nameRow[^2]);
        Assert.StartsWith("-", nameRow[^1]);
        var birthRow = Assert.Single(Rows(output), r => r[0] == "birth_date");
        Assert.Contains(birthRow[1], new[] { "1962-01-01", "19620101" }); // the contract says normalised; accept the raw value too
        Assert.Equal("DIFFERENT", birthRow[^2]);
        // The candidate's own record stands beside the reviewed one.
        Assert.Equal("王芳", nameRow[2]);
    }

    [Fact]
    public async Task ReviewDecide_New_ExitsZeroThenSecondDecisionExitsOne()
    {
        await using var hub = await TestHub.StartAsync();
        var (_, clash) = await SeedConflictAsync(hub);

        var first = await HubCtlProcess.RunAsync(hub.Address, "review", "decide", clash.ReviewId, "--new", "--note", "ID typed wrong by civil affairs");
        var second = await HubCtlProcess.RunAsync(hub.Address, "review", "decide", clash.ReviewId, "--new");
        var show = await HubCtlProcess.RunAsync(hub.Address, "review", "show", clash.ReviewId);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"review {clash.ReviewId}: NEW as resident {clash.ResidentId}", first.StandardOutput);
        Assert.Contains("civil-affairs:MZ9", first.StandardOutput);
        Assert.True(second.ExitCode == 1, second.ToString());
        Assert.StartsWith("hubctl: ", second.StandardError);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("DECIDED", show.StandardOutput);
        Assert.Contains("decided: NEW", show.StandardOutput);
        Assert.Contains("ID typed wrong by civil affairs", show.StandardOutput);
    }

    [Fact]
    public async Task ReviewDecide_Link_RecordJoinsTheHouseholdResident()
    {
        await using var hub = await TestHub.StartAsync();
        var (owner, clash) = await SeedConflictAsync(hub);

        var run = await HubCtlProcess.RunAsync(hub.Address, "review", "decide", clash.ReviewId, "--link", owner.ResidentId, "--note", "name changed in 1990");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"LINK to resident {owner.ResidentId}", run.StandardOutput);
        Assert.Contains("REVIEW", run.StandardOutput);
        Assert.Equal(owner.ResidentId, await new IdentityKit(hub.Channel).ResidentOfAsync("civil-affairs", "MZ9"));
    }

    [Theory]
    [InlineData("decide", "no-such-review", "--new")]
    [InlineData("show", "no-such-review")]
    public async Task Review_UnknownId_ExitsFour(params string[] args)
    {
        await using var hub = await TestHub.StartAsync();
        await SeedConflictAsync(hub);

        var run = await HubCtlProcess.RunAsync(hub.Address, ["review", .. args]);

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.StartsWith("hubctl: not found", run.StandardError);
    }

    [Theory]
    [InlineData("review", "decide", "R1", "--link", "RES1", "--new")]   // both
    [InlineData("review", "decide", "R1")]                              // neither
    [InlineData("review", "decide", "R1", "--link")]                    // --link without a resident
    [InlineData("review", "show")]                                      // missing review id
    [InlineData("review", "list", "--state", "closed")]                 // not among open|decided|superseded|all
    public async Task Review_UsageError_ExitsTwoWithoutCallingTheHub(params string[] args)
    {
        // No --hub: nothing listens on the default address in tests, so a call would exit 3, not 2.
        var run = await HubCtlProcess.RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("hubctl: ", run.StandardError);
        Assert.Equal("", run.StandardOutput);
    }

    // household HJ1 王芳 and then civil-affairs MZ9 陈建国 with the same valid ID number: a CONFLICT in review.
    private static async Task<(PushResponse Owner, PushResponse Clash)> SeedConflictAsync(TestHub hub)
    {
        var kit = new IdentityKit(hub.Channel);
        var owner = await kit.PushAsync("household", "HJ1", Person("王芳", WangFangId, "19850312", "2"));
        var clash = await kit.PushAsync("civil-affairs", "MZ9", Person("陈建国", WangFangId, "19620101", "1"));
        Assert.Equal(Decision.Conflict, clash.Decision);
        Assert.NotEmpty(clash.ReviewId);
        return (owner, clash);
    }

    // The cells of every table row in the text (box-drawing borders), trimmed.
    private static List<string[]> Rows(string text) =>
        [.. text.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith('│'))
            .Select(l => l.Trim('│').Split('│').Select(c => c.Trim()).ToArray())];
}
