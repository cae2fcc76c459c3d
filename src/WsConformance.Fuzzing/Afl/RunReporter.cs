namespace WsConformance.Fuzzing.Afl;

/// <summary>Writes 32-bit words to afl-fuzz's status pipe in one write.</summary>
internal delegate void StatusWriter(ReadOnlySpan<uint> words);

/// <summary>
/// Tells afl-fuzz the pid and the wait status of every run, with as few wake-ups of afl-fuzz as possible.
/// </summary>
/// <remarks>
/// afl-fuzz (4.x, afl_fsrv_run_target) reads the pid with a plain blocking read and only then waits for the
/// status with its timeout. Writing the pid at the start of a run wakes afl-fuzz twice per execution (pid, then
/// status), and since afl-fuzz and the target share one core, every wake-up is a pair of context switches.
/// So the pid and the status go out together in one 8-byte write when the run ends. For a run that is still going
/// after <see cref="DefaultPidDelay"/> (a hang, or just a slow input), a watchdog thread sends the pid alone, so afl's
/// timeout starts and a hang is still caught; the status then follows alone.
/// </remarks>
internal sealed class RunReporter : IDisposable
{
    /// <summary>How long a run may go before the watchdog sends the pid on its own (polled, so up to twice this).</summary>
    public static readonly TimeSpan DefaultPidDelay = TimeSpan.FromMilliseconds(20);

    private readonly Lock _gate = new();
    private readonly ManualResetEventSlim _disposed = new();
    private readonly TimeSpan _pidDelay;
    private readonly uint _pid;
    private readonly StatusWriter _write;
    private long _runs;
    private long _running;
    private bool _pidSent;

    /// <summary>
    /// A reporter for process <paramref name="pid"/> that sends its words with <paramref name="write"/>, and the
    /// pid alone for runs longer than <paramref name="pidDelay"/>.
    /// </summary>
    public RunReporter(uint pid, StatusWriter write, TimeSpan pidDelay)
    {
        _pid = pid;
        _write = write;
        _pidDelay = pidDelay;
        new Thread(SendPidOfLongRuns) { IsBackground = true, Name = "afl pid watchdog" }.Start();
    }

    /// <summary>Called right before a run starts.</summary>
    public void Started()
    {
        _pidSent = false;

        // A release write: the watchdog sees _pidSent reset before it sees the new run.
        Volatile.Write(ref _running, ++_runs);
    }

    /// <summary>Called when the run ended with <paramref name="status"/>; sends the pid too unless the watchdog did.</summary>
    public void Ended(uint status)
    {
        lock (_gate)
        {
            Volatile.Write(ref _running, 0);
            if (_pidSent)
            {
                _write([status]);
            }
            else
            {
                _write([_pid, status]);
            }
        }
    }

    /// <summary>Stops the watchdog.</summary>
    public void Dispose() => _disposed.Set();

    private void SendPidOfLongRuns()
    {
        long previous = 0;
        while (!_disposed.Wait(_pidDelay))
        {
            long running = Volatile.Read(ref _running);
            if (running != 0 && running == previous)
            {
                lock (_gate)
                {
                    if (Volatile.Read(ref _running) == running && !_pidSent)
                    {
                        _pidSent = true;
                        _write([_pid]);
                    }
                }
            }

            previous = running;
        }
    }
}
