namespace WsConformance.Engine.Session;

/// <summary>Waking the core when its timers are due, and waking the steps when events arrive.</summary>
public sealed partial class CaseSession
{
    /// <summary>The due times a wake-up is already scheduled for (the core's earliest always has one).</summary>
    private readonly HashSet<TimeSpan> _wakeUps = [];

    private TaskCompletionSource _eventArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _eventsSignalled;

    /// <summary>Waits until <paramref name="count"/> messages have arrived or the connection is gone.</summary>
    public async Task WaitForMessageCountAsync(int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                if (_core.MessageCount >= count || _core.State == ConnectionState.Closed)
                {
                    return;
                }

                arrived = _eventArrived.Task;
            }

            await Task.WhenAny(arrived, Closed).WaitAsync(cancellationToken);
        }
    }

    private void SignalEventsLocked()
    {
        if (_core.EventCount == _eventsSignalled)
        {
            return;
        }

        _eventsSignalled = _core.EventCount;
        var arrived = _eventArrived;
        _eventArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        arrived.TrySetResult();
    }

    private void ScheduleWakeUpLocked()
    {
        if (_core.NextTimerDue is { } due && _wakeUps.Add(due))
        {
            var token = _lifetime.Token;
            _ = Task.Run(() => WakeUpAtAsync(due, token), token);
        }
    }

    /// <summary>
    /// At <paramref name="due"/>, first reads what the peer sent in time (see <see cref="CatchUpWithReceivedAsync"/>),
    /// then advances the core's time, so a timer acts on every answer that came before it ran out.
    /// </summary>
    private async Task WakeUpAtAsync(TimeSpan due, CancellationToken token)
    {
        try
        {
            var wait = due - Now;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, TimeProvider, token);
            }

            await CatchUpWithReceivedAsync(token);
            lock (_gate)
            {
                _wakeUps.Remove(due);
                _core.AdvanceTo(Now);
                CarryOutLocked();
            }
        }
        catch (OperationCanceledException)
        {
            // The session ended before the timer: nothing to do.
        }
    }
}
