using Grpc.Core;
using Grpc.Net.Client;
using Hub.Contracts.V1;
using Hub.Tests.Helpers;

namespace Hub.Tests.Identity.Lifecycle;

/// <summary>Registers adapters and pushes person records into a real hub, the way adapters do.</summary>
public sealed class IdentityKit(GrpcChannel channel)
{
    private readonly Dictionary<string, long> _sequences = [];

    public IdentityService.IdentityServiceClient Identity { get; } = new(channel);

    public ResidentService.ResidentServiceClient Residents { get; } = new(channel);

    public static PersonRecord Person(string name, string id = "", string birth = "", string sex = "", string phone = "") => new()
    {
        Name = name, IdNumber = id, BirthDate = birth,
        Sex = sex.Length == 0 ? null : new CodedValue { Dictionary = "sex", Code = sex },
        Contacts = { phone.Length == 0 ? [] : new[] { new Contact { Kind = ContactKind.MobilePhone, Value = phone } } },
    };

    /// <summary>Pushes one record as the department's adapter and returns its ack.</summary>
    public async Task<PushResponse> PushAsync(string department, string localId, PersonRecord person)
    {
        var adapter = department + "-test";
        if (!_sequences.ContainsKey(adapter))
        {
            await new AdapterRegistryService.AdapterRegistryServiceClient(channel).RegisterAsync(new RegisterRequest
            {
                Department = department, AdapterId = adapter, Version = "1", Capabilities = { AdapterCapability.IngestResidents },
            }, deadline: Deadlines.Default());
            _sequences[adapter] = 0;
        }
        using var call = new IngestService.IngestServiceClient(channel).Push(deadline: Deadlines.Default());
        await call.RequestStream.WriteAsync(new PushRequest
        {
            AdapterId = adapter,
            Record = new IngestRecord
            {
                Sequence = ++_sequences[adapter], Kind = RecordKind.Resident,
                SourceRef = new SourceRef { Department = department, LocalId = localId }, Person = person,
            },
        });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext());
        var ack = call.ResponseStream.Current;
        Assert.Equal(IngestStatus.Accepted, ack.Status);
        return ack;
    }

    public async Task<string> ResidentOfAsync(string department, string localId) =>
        (await Residents.LookupResidentAsync(new LookupResidentRequest { SourceRef = new SourceRef { Department = department, LocalId = localId } },
            deadline: Deadlines.Default())).ResidentId;

    public static SourceRef Ref(string department, string localId) => new() { Department = department, LocalId = localId };

    public static async Task<StatusCode> StatusOf(Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(call);
        return ex.StatusCode;
    }
}
