namespace WsConformance.Engine.Running;

/// <summary>
/// How many cases may be in flight against one server: no more than it can serve. It starts at the run's
/// concurrency, halves whenever the server shows it is falling behind (an opening handshake slower than a quarter
/// of the protocol timers, or one that had to be retried), and grows back by one per window of healthy handshakes
/// (additive increase, multiplicative decrease, as TCP does). A single-threaded server busy with a 16 MiB message
/// thus gets few connections while it works, and many again once it answers promptly; no case's timers run
/// against a server queueing dozens of others.
/// </summary>
internal sealed class AdaptiveConcurrency
{
    private readonly int _maximum;
    private readonly TimeSpan _congestedLatency;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private int _inFlight;
    private double _limit;
    private long? _lastDecrease;

    /// <param name="maximum">The run's concurrency: the limit never exceeds it.</param>
    /// <param name="congestedLatency">A handshake slower than this is a sign the server is falling behind.</param>
    public AdaptiveConcurrency(int maximum, TimeSpan congestedLatency, TimeProvider time)
    {
        _maximum = Math.Max(1, maximum);
        _limit = _maximum;
        _congestedLatency = congestedLatency;
        _time = time;
        LowestLimit = _maximum;
    }

    /// <summary>Cases that may be in flight now.</summary>
    public int Limit
    {
        get
        {
            lock (_gate)
            {
                return (int)_limit;
            }
        }
    }

    /// <summary>The lowest the limit has been in the run: 1 means the server was given one case at a time for a while.</summary>
    public int LowestLimit { get; private set; }

    /// <summary>Waits for a free place; dispose the returned slot when the case is over.</summary>
    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource turn;
        lock (_gate)
        {
            if (_inFlight < (int)_limit && _waiting.Count == 0)
            {
                _inFlight++;
                return new Slot(this);
            }

            turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(turn);
        }

        try
        {
            await turn.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
            {
                if (!turn.TrySetCanceled())
                {
                    // The place was handed over just as the wait was cancelled: give it on.
                    _inFlight--;
                    AdmitLocked();
                }
            }

            throw;
        }

        return new Slot(this);
    }

    /// <summary>An opening handshake finished after <paramref name="latency"/>, after <paramref name="attempts"/> attempts.</summary>
    public void OnHandshake(TimeSpan latency, int attempts)
    {
        lock (_gate)
        {
            if (latency > _congestedLatency || attempts > 1)
            {
                DecreaseLocked();
            }
            else
            {
                _limit = Math.Min(_maximum, _limit + (1 / Math.Floor(_limit)));
                AdmitLocked();
            }
        }
    }

    /// <summary>Halves at most once per congestion window, so one burst of slow handshakes is one signal, not many.</summary>
    private void DecreaseLocked()
    {
        var now = _time.GetTimestamp();
        if (_lastDecrease is { } last && _time.GetElapsedTime(last, now) < _congestedLatency)
        {
            return;
        }

        _lastDecrease = now;
        _limit = Math.Max(1, Math.Floor(_limit / 2));
        LowestLimit = Math.Min(LowestLimit, (int)_limit);
    }

    private void Leave()
    {
        lock (_gate)
        {
            _inFlight--;
            AdmitLocked();
        }
    }

    private void AdmitLocked()
    {
        while (_inFlight < (int)_limit && _waiting.TryDequeue(out var next))
        {
            if (next.TrySetResult())
            {
                _inFlight++;
            }
        }
    }

    private sealed class Slot(AdaptiveConcurrency owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Leave();
            }
        }
    }
}
