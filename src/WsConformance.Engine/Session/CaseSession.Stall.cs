namespace WsConformance.Engine.Session;

/// <summary>
/// The stall watchdog (<see cref="SessionOptions.Stall"/>): a peer that owes an answer and, for as long as the policy
/// allows, neither sends a byte nor takes one of ours has stopped, and waiting out the case's long timers (100 s and more
/// in section 9, tripled by the late-answer grace) would learn nothing more. A slow peer keeps making progress
/// one way or the other and is never cut off by it.
/// </summary>
public sealed partial class CaseSession
{
    /// <summary>Bytes per write while the watchdog runs, so a peer reading a large message slowly shows progress.</summary>
    private const int WatchedWriteSize = 64 * 1024;

    private long _lastProgress;
    private int _writesInFlight;
    private long _framesToAnswer;
    private long _bytesToAnswer;
    private string? _stall;

    /// <summary>Why the watchdog ended the connection, with how far the peer got; null when it did not.</summary>
    public string? Stall => Read(_ => _stall);

    private void MarkProgress() => Interlocked.Exchange(ref _lastProgress, _clock.Time.GetTimestamp());

    /// <summary>The peer sent something: progress, and what it has to answer starts from nothing again.</summary>
    private void MarkAnswered()
    {
        Interlocked.Exchange(ref _framesToAnswer, 0);
        Interlocked.Exchange(ref _bytesToAnswer, 0);
        MarkProgress();
    }

    private void StartStallWatch()
    {
        if (_options.Stall is not { } policy)
        {
            return;
        }

        MarkProgress();
        var interval = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, policy.Base.Ticks / 10));
        _ = Task.Run(async () =>
        {
            try
            {
                while (!Closed.IsCompleted)
                {
                    await Task.Delay(interval, _clock.Time, _lifetime.Token);
                    var bound = policy.BoundFor(Interlocked.Read(ref _framesToAnswer), Interlocked.Read(ref _bytesToAnswer));
                    if (_clock.Time.GetElapsedTime(Interlocked.Read(ref _lastProgress)) >= bound)
                    {
                        lock (_gate)
                        {
                            OnStalledLocked(bound);
                            CarryOutLocked();
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The session ended.
            }
        });
    }

    /// <summary>
    /// Ends a connection whose peer stopped: with a Close (1001) when it still reads, by dropping TCP when our own
    /// write is stuck (it no longer reads, so a Close would never reach it).
    /// </summary>
    private void OnStalledLocked(TimeSpan bound)
    {
        var writeStuck = Volatile.Read(ref _writesInFlight) > 0;
        if (_core.State == ConnectionState.Closed || _stall is not null || !(writeStuck || _core.PeerOwesSomething))
        {
            return;
        }

        var peer = _core.Peer;
        var what = writeStuck ? $"it stopped reading: the harness's write made no progress for {bound.TotalSeconds:0.#} s"
            : $"it sent nothing for {bound.TotalSeconds:0.#} s while it owed an answer to {_framesToAnswer} frame(s), {_bytesToAnswer} bytes of the harness's";
        _stall = $"The {peer} stopped: {what}. By then it had sent {_core.MessageCount} message(s), {Statistics.ReceivedBytes} bytes in all, "
            + $"and taken {Statistics.SentBytes} bytes of the harness's.";
        Note($"stall watchdog: {what}");
        if (writeStuck)
        {
            _core.PeerStoppedReading(Now);
        }
        else
        {
            _core.PeerStoppedAnswering(Now);
        }
    }
}
