using System.Threading.Channels;

namespace Hub.Dictionaries;

/// <summary>
/// Tells whoever waits (the quarantine replayer) that mappings changed. Raises coalesce:
/// many changes while the waiter is busy wake it once.
/// </summary>
public sealed class MappingChangeSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    /// <summary>Marks that mappings changed.</summary>
    public void Raise() => _channel.Writer.TryWrite(true);

    /// <summary>Waits for the next change.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken) => await _channel.Reader.ReadAsync(cancellationToken);
}
