using Grpc.Net.Client;

namespace Hub.Bench;

/// <summary>One named benchmark: set up once, then called concurrently for the measured time.</summary>
public interface IScenario
{
    /// <summary>The name given on the command line.</summary>
    string Name { get; }

    /// <summary>What one call does, for the listing.</summary>
    string Description { get; }

    /// <summary>Prepares state on the hub (data to read, and so on) before warm-up.</summary>
    Task SetupAsync(GrpcChannel channel, CancellationToken cancellationToken);

    /// <summary>One operation; <paramref name="worker"/> and <paramref name="iteration"/> let it vary its input.</summary>
    Task CallAsync(int worker, long iteration, CancellationToken cancellationToken);
}
