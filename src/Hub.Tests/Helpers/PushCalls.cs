using Grpc.Core;
using Hub.Contracts.V1;

namespace Hub.Tests.Helpers;

/// <summary>IngestService.Push the way a test drives it: every request written, the stream completed, every response read.</summary>
public static class PushCalls
{
    /// <summary>Sends <paramref name="requests"/> on one Push stream and returns the hub's responses in order.</summary>
    public static async Task<List<PushResponse>> PushAllAsync(this IngestService.IngestServiceClient client, params PushRequest[] requests)
    {
        using var call = client.Push(deadline: Deadlines.Default());
        foreach (var request in requests)
            await call.RequestStream.WriteAsync(request);
        await call.RequestStream.CompleteAsync();
        var responses = new List<PushResponse>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
            responses.Add(response);
        return responses;
    }
}
