using System.Text;
using Microsoft.Extensions.Time.Testing;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Session;
using WsConformance.Engine.Timing;
using WsConformance.Protocol;

namespace WsConformance.Engine.Tests.Session;

/// <summary>
/// A test shell for <see cref="SessionCore"/>: it plays a script of inputs on a <see cref="FakeTimeProvider"/>, wakes the
/// core at each timer's due time exactly, confirms each Close as written at once, and writes down every output as
/// "time: what" — a case's seconds of closing handshake run in microseconds.
/// </summary>
internal sealed class CoreDriver
{
    private readonly FakeTimeProvider _time = new();
    private readonly CaseClock _clock;
    private byte[] _unconsumed = [];

    public CoreDriver(Role harness, IExpectationMonitor monitor, double lateGraceFactor)
    {
        _clock = new CaseClock(_time);
        var options = SessionOptions.Scaled(1) with { Role = harness, LateGraceFactor = lateGraceFactor };
        Core = new SessionCore(options, monitor, new WireLog(bulk: false), new TrafficStatistics());
        Core.SeedMaskKeys(6455);
    }

    public SessionCore Core { get; }

    public List<string> Outputs { get; } = [];

    private TimeSpan Now => _clock.Elapsed;

    public static CoreDriver Play(CoreVector vector, int peerChunkSize = int.MaxValue)
    {
        var driver = new CoreDriver(vector.Harness, new ScriptedMonitor(vector.ExpectedEvents, vector.HarnessClosesWhenDone, vector.PeerMustClose),
            vector.LateGraceFactor);
        foreach (var input in vector.Script)
        {
            driver.Run(input, peerChunkSize);
        }

        return driver;
    }

    /// <summary>Time passes to <paramref name="ms"/>, the core waking at every due time on the way.</summary>
    public void AdvanceTo(int ms)
    {
        var target = TimeSpan.FromMilliseconds(ms);
        while (Core.NextTimerDue is { } due && due <= target)
        {
            SetNow(due);
            Core.AdvanceTo(Now);
            Drain();
        }

        SetNow(target);
        Core.AdvanceTo(Now);
        Drain();
    }

    /// <summary>Hands the core the peer's bytes, <paramref name="chunkSize"/> at a time, keeping what it left unconsumed.</summary>
    public void Receive(byte[] bytes, int chunkSize = int.MaxValue)
    {
        for (var offset = 0; offset < bytes.Length; offset += chunkSize)
        {
            var chunk = bytes.AsSpan(offset, Math.Min(chunkSize, bytes.Length - offset));
            byte[] buffered = [.. _unconsumed, .. chunk];
            var consumed = Core.Receive(buffered, chunk.Length, Now);
            _unconsumed = buffered[consumed..];
            Drain();
        }
    }

    private void Run(CoreInput input, int peerChunkSize)
    {
        AdvanceTo(input.AtMs);
        switch (input)
        {
            case PeerSends sends:
                Receive(sends.Bytes, peerChunkSize);
                break;
            case PeerEndsTcp:
                Core.TcpEnded(null, Now);
                break;
            case HarnessCloses closes:
                Core.StartClosingHandshake(CloseBody.Build(closes.Code, []), Now);
                break;
            case HarnessFailsAfter fails:
                Core.FailAfter(TimeSpan.FromMilliseconds(fails.AfterMs), Now);
                break;
            case HarnessClosesAfter closes:
                Core.CloseAfter(TimeSpan.FromMilliseconds(closes.AfterMs), Now);
                break;
            case DeadlinePasses:
                Core.AbortAtDeadline(Now);
                break;
        }

        Drain();
    }

    private void SetNow(TimeSpan to)
    {
        if (to > Now)
        {
            _time.Advance(to - Now);
        }
    }

    private void Drain()
    {
        while (Core.TryTakeOutput(out var output))
        {
            Outputs.Add($"{Now.TotalMilliseconds:0} ms: {Describe(output)}");
            if (output is SendControlFrame { IsClose: true })
            {
                Core.CloseWritten(Now);
            }
        }
    }

    private static string Describe(SessionOutput output) => output switch
    {
        SendControlFrame { IsClose: true } close => "send Close" + CloseCode(close.Frame.Payload),
        SendControlFrame { Frame.Opcode: Opcodes.Pong } pong => $"send Pong {Encoding.UTF8.GetString(pong.Frame.Payload.Span)}",
        DropConnection { Graceful: true } => "drop TCP (FIN)",
        DropConnection => "drop TCP (reset)",
        _ => output.ToString(),
    };

    private static string CloseCode(ReadOnlyMemory<byte> body) => CloseBody.Parse(body).Code is { } code ? $" {code}" : " (empty)";

    /// <summary>The close record and the timing, as the flags that are set: what a vector expects.</summary>
    public string Outcome()
    {
        var close = Core.CloseRecord;
        List<string> parts = [];
        Add(close.ClosedByMe, "closedByMe");
        Add(close.FailedByMe, "failedByMe");
        Add(close.DroppedByMe, "droppedByMe");
        parts.Add(close.WasClean ? "clean" : $"unclean({close.WasNotCleanReason})");
        Add(close.WasCloseHandshakeTimeout, "closeTimeout");
        Add(close.WasServerConnectionDropTimeout, "dropTimeout");
        Add(close.LocalCloseCode is not null, $"local={close.LocalCloseCode}");
        Add(close.RemoteCloseCode is not null, $"remote={close.RemoteCloseCode}");
        Add(close.FramesAfterPeerClose > 0, $"afterClose={close.FramesAfterPeerClose}");
        Add(close.PeerViolations is { Count: > 0 }, $"violations={string.Join(",", close.PeerViolations ?? [])}");
        Add(Core.WasLate, "late");
        Add(Core.Timing.TimerDecided, "timerDecided");
        Add(Core.Timing.RanOutOfTimeAt is not null, $"ranOutAt={Core.Timing.RanOutOfTimeAt?.TotalMilliseconds:0}");
        return string.Join(" ", parts);

        void Add(bool set, string flag)
        {
            if (set)
            {
                parts.Add(flag);
            }
        }
    }
}
