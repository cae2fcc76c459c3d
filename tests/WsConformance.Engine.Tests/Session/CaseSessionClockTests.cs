using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Session;
using WsConformance.Engine.Timing;
using WsConformance.Engine.Transport;
using WsConformance.Protocol;

namespace WsConformance.Engine.Tests.Session;

/// <summary>The shell wakes the core on the case's clock: a fake clock's second is the close timeout's second, not the wall's.</summary>
public sealed class CaseSessionClockTests
{
    private static readonly TimeSpan WallLimit = TimeSpan.FromSeconds(10);

    /// <summary>Real time for the session's tasks to act on what the fake clock did, were they to act.</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task The_close_timeout_runs_out_when_the_fake_clock_says_so()
    {
        var time = new WatchedTimeProvider();
        var (harness, peer) = await ConnectedPairAsync();
        using var _ = peer;
        await using var session = new CaseSession(new WebSocketConnection(harness, new NetworkStream(harness, ownsSocket: true), null, null, ReadOnlyMemory<byte>.Empty),
            SessionOptions.Scaled(1), new ScriptedMonitor(0), new WireLog(bulk: false), new TrafficStatistics(), new CaseClock(time));
        session.Start();

        session.StartClosingHandshake(CloseBody.Build(CloseCodes.NormalClosure, []));
        await ReadCloseFrameAsync(peer);
        await time.FirstTimerSet.WaitAsync(WallLimit);
        time.Advance(TimeSpan.FromMilliseconds(999));
        await Task.Delay(SettleTime);

        Assert.False(session.Closed.IsCompleted);
        Assert.Equal(ConnectionState.Closing, session.State);

        time.Advance(TimeSpan.FromMilliseconds(1));
        await session.Closed.WaitAsync(WallLimit);

        var close = session.CloseRecord;
        Assert.True(close.WasCloseHandshakeTimeout && close.DroppedByMe && !close.WasClean, close.ToString());
    }

    private static async Task<(Socket Harness, Socket Peer)> ConnectedPairAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var harness = new Socket(SocketType.Stream, ProtocolType.Tcp);
        var accepting = listener.AcceptSocketAsync();
        await harness.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        return (harness, await accepting);
    }

    /// <summary>Waits until the harness's Close (2-byte header, 4-byte mask, 2-byte code) has reached the peer.</summary>
    private static async Task ReadCloseFrameAsync(Socket peer)
    {
        var buffer = new byte[8];
        for (var read = 0; read < buffer.Length;)
        {
            read += await peer.ReceiveAsync(buffer.AsMemory(read)).AsTask().WaitAsync(WallLimit);
        }

        Assert.Equal(0x88, buffer[0]);
    }

    /// <summary>
    /// A fake clock that tells when the session set its first timer (the wake-up for the close timeout). The shell reads
    /// the clock and then sets a relative timer, so the test must not move the clock in between.
    /// </summary>
    private sealed class WatchedTimeProvider : FakeTimeProvider
    {
        private readonly TaskCompletionSource _firstTimerSet = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FirstTimerSet => _firstTimerSet.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _firstTimerSet.TrySetResult();
            return timer;
        }
    }
}
