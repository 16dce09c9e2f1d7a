using System.Text.Json;
using Grpc.Core;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;

namespace Hub.Tests.HubCtl;

/// <summary>An admin's loop: a department pushes an unmapped code, hubctl shows it, hubctl maps it, it disappears.</summary>
public sealed class HubCtlUnmappedTests
{
    [Fact]
    public async Task DictUnmappedThenMap_PushedUnmappedCode_ShownThenGone()
    {
        await using var hub = await TestHub.StartAsync();
        await new AdapterRegistryService.AdapterRegistryServiceClient(hub.Channel).RegisterAsync(new RegisterRequest
        {
            Department = "social-security", AdapterId = "si-1", Version = "1", Capabilities = { AdapterCapability.IngestResidents },
        }, deadline: Deadlines.Default());
        using (var push = new IngestService.IngestServiceClient(hub.Channel).Push(deadline: Deadlines.Default()))
        {
            await push.RequestStream.WriteAsync(new PushRequest
            {
                AdapterId = "si-1",
                Record = new IngestRecord
                {
                    Sequence = 1, Kind = RecordKind.Resident,
                    SourceRef = new SourceRef { Department = "social-security", LocalId = "AC01:330802198503120021" },
                    Person = new PersonRecord { Name = "王芳", Sex = new CodedValue { Dictionary = "sex", SourceCode = "F", SourceLabel = "女" } },
                },
            });
            await push.RequestStream.CompleteAsync();
            await foreach (var ack in push.ResponseStream.ReadAllAsync())
                Assert.Equal(IngestStatus.Quarantined, ack.Status);
        }

        var shown = await HubCtlProcess.RunAsync(hub.Address, "dict", "unmapped", "--department", "social-security", "--output", "json");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        using (var json = JsonDocument.Parse(shown.StandardOutput))
        {
            var row = Assert.Single(json.RootElement.EnumerateArray());
            Assert.Contains("\"F\"", row.GetRawText());
            Assert.Contains("AC01:330802198503120021", row.GetRawText());
        }

        var mapped = await HubCtlProcess.RunAsync(hub.Address, "dict", "map", "social-security", "sex", "F", "2", "--label", "女");
        Assert.True(mapped.ExitCode == 0, mapped.ToString());

        var after = await HubCtlProcess.RunAsync(hub.Address, "dict", "unmapped", "--department", "social-security", "--output", "json");
        Assert.True(after.ExitCode == 0, after.ToString());
        using var empty = JsonDocument.Parse(after.StandardOutput);
        Assert.Empty(empty.RootElement.EnumerateArray());
    }
}
