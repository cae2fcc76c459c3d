namespace WsConformance.Engine.Observation;

/// <summary>Octet and frame counts per direction (Autobahn's rx/txOctetStats and rx/txFrameStats).</summary>
public sealed class TrafficStatistics
{
    private readonly Lock _gate = new();

    /// <summary>Write or read size → how many times it occurred.</summary>
    public SortedDictionary<int, int> SentOctets { get; } = [];

    public SortedDictionary<int, int> ReceivedOctets { get; } = [];

    /// <summary>Opcode → frame count.</summary>
    public SortedDictionary<int, int> SentFrames { get; } = [];

    public SortedDictionary<int, int> ReceivedFrames { get; } = [];

    public long SentBytes { get; private set; }

    public long ReceivedBytes { get; private set; }

    public void CountOctets(WireDirection direction, int length)
    {
        lock (_gate)
        {
            Increment(direction == WireDirection.Sent ? SentOctets : ReceivedOctets, length);
            if (direction == WireDirection.Sent)
            {
                SentBytes += length;
            }
            else
            {
                ReceivedBytes += length;
            }
        }
    }

    public void CountFrame(WireDirection direction, byte opcode)
    {
        lock (_gate)
        {
            Increment(direction == WireDirection.Sent ? SentFrames : ReceivedFrames, opcode);
        }
    }

    private static void Increment(SortedDictionary<int, int> counts, int key) =>
        counts[key] = counts.TryGetValue(key, out var count) ? count + 1 : 1;
}
