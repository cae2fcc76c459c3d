namespace WsConformance.Engine.Timing;

/// <summary>
/// A token cancelled when the caller's token is, or when <c>limit</c> has passed on a <see cref="TimeProvider"/>
/// (<see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> reads only the wall clock).
/// </summary>
internal sealed class TimeLimit : IDisposable
{
    private readonly CancellationTokenSource _expiry;
    private readonly CancellationTokenSource _linked;

    public TimeLimit(TimeSpan limit, TimeProvider time, CancellationToken outer)
    {
        _expiry = new CancellationTokenSource(limit, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(outer, _expiry.Token);
    }

    public CancellationToken Token => _linked.Token;

    public void Dispose()
    {
        _linked.Dispose();
        _expiry.Dispose();
    }
}
