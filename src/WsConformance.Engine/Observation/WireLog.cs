namespace WsConformance.Engine.Observation;

/// <summary>Direction of traffic in the wire log, from the harness's point of view.</summary>
public enum WireDirection
{
    Sent,
    Received,
}

/// <summary>One row of a case's wire log.</summary>
/// <param name="At">Time since the TCP connection was made.</param>
public abstract record WireEntry(TimeSpan At);

/// <summary>Raw octets written to or read from TCP. <paramref name="Head"/> holds at most <see cref="WireLog.MaxLoggedBytes"/> of them.</summary>
public sealed record OctetsEntry(TimeSpan At, WireDirection Direction, int Length, byte[] Head) : WireEntry(At);

/// <summary>A decoded frame. <paramref name="PayloadHead"/> holds at most <see cref="WireLog.MaxLoggedBytes"/> payload bytes.</summary>
public sealed record FrameEntry(
    TimeSpan At,
    WireDirection Direction,
    bool Fin,
    byte Rsv,
    byte Opcode,
    bool Masked,
    uint MaskKey,
    ulong PayloadLength,
    byte[] PayloadHead,
    int? ChopSize,
    bool FrameWise) : WireEntry(At);

/// <summary>A timer or harness action (pause, kill, close timeout, …) with a short description.</summary>
public sealed record NoteEntry(TimeSpan At, string Text) : WireEntry(At);

/// <summary>
/// Ordered, bounded log of what crossed the wire. Payload bytes are cut to <see cref="MaxLoggedBytes"/> per row
/// (as Autobahn does), rows beyond the limit are counted but not kept, and bulk cases — whose thousands of
/// frames Autobahn does not log at all — keep no payload bytes and only their first <see cref="MaxBulkEntries"/> rows.
/// </summary>
public sealed class WireLog
{
    public const int MaxLoggedBytes = 64;
    public const int MaxEntries = 2000;
    public const int MaxBulkEntries = 100;

    private readonly List<WireEntry> _entries = [];
    private readonly Lock _gate = new();
    private readonly int _maxEntries;

    public WireLog(bool bulk)
    {
        LogPayloads = !bulk;
        _maxEntries = bulk ? MaxBulkEntries : MaxEntries;
    }

    public bool LogPayloads { get; }

    /// <summary>Rows that were not kept because the log was full.</summary>
    public int DroppedEntries { get; private set; }

    public void Add(WireEntry entry)
    {
        lock (_gate)
        {
            if (_entries.Count >= _maxEntries)
            {
                DroppedEntries++;
                return;
            }

            _entries.Add(entry);
        }
    }

    public byte[] Head(ReadOnlySpan<byte> bytes) =>
        LogPayloads ? bytes[..Math.Min(bytes.Length, MaxLoggedBytes)].ToArray() : [];

    public IReadOnlyList<WireEntry> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }
}
