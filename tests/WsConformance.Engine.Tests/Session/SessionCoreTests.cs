using WsConformance.Engine.Session;
using WsConformance.Protocol;
using static WsConformance.Engine.Tests.Session.CoreVectors;

namespace WsConformance.Engine.Tests.Session;

/// <summary>
/// The session core against input/output vectors, in the style of the codec's tests: each closing-handshake path of
/// Autobahn's state machine on a fake clock (valid peers, and peers that break a rule), the same re-fed one byte at a
/// time, and bytes that stop inside a frame.
/// </summary>
public sealed class SessionCoreTests
{
    [Theory]
    [MemberData(nameof(ValidNames), MemberType = typeof(CoreVectors))]
    public void Valid_vectors_give_the_expected_outputs_and_close_record(string name) => AssertPlays(Valid[name], chunkSize: int.MaxValue);

    [Theory]
    [MemberData(nameof(ValidNames), MemberType = typeof(CoreVectors))]
    public void Valid_vectors_give_the_same_when_the_peer_bytes_come_one_at_a_time(string name) => AssertPlays(Valid[name], chunkSize: 1);

    [Theory]
    [MemberData(nameof(InvalidNames), MemberType = typeof(CoreVectors))]
    public void Invalid_vectors_fail_the_connection_at_once(string name) => AssertPlays(Invalid[name], chunkSize: int.MaxValue);

    [Theory]
    [MemberData(nameof(InvalidNames), MemberType = typeof(CoreVectors))]
    public void Invalid_vectors_give_the_same_when_the_peer_bytes_come_one_at_a_time(string name) => AssertPlays(Invalid[name], chunkSize: 1);

    [Fact]
    public void A_close_frame_cut_inside_its_header_is_need_more_data()
    {
        var driver = new CoreDriver(Role.Client, new ScriptedMonitor(0), lateGraceFactor: 2);
        var close = ServerClose(CloseCodes.NormalClosure);

        var consumed = driver.Core.Receive(close.AsSpan(0, 1), arrived: 1, TimeSpan.Zero);

        Assert.Equal(0, consumed);
        Assert.False(driver.Core.TryTakeOutput(out _));
        Assert.Equal(ConnectionState.Open, driver.Core.State);
    }

    [Fact]
    public void A_close_frame_cut_inside_its_payload_is_answered_only_when_complete()
    {
        var driver = new CoreDriver(Role.Client, new ScriptedMonitor(0), lateGraceFactor: 2);
        var close = ServerClose(CloseCodes.NormalClosure);

        driver.Receive(close[..^1]);
        Assert.Empty(driver.Outputs);
        Assert.Equal(ConnectionState.Open, driver.Core.State);

        driver.Receive(close[^1..]);
        Assert.Equal(["0 ms: send Close 1000"], driver.Outputs);
        Assert.Equal(ConnectionState.Closing, driver.Core.State);
    }

    [Fact]
    public void Data_after_the_peer_close_is_counted_but_never_delivered_as_an_event()
    {
        var driver = CoreDriver.Play(Invalid["data-after-close/drops-tcp-and-counts-the-frame"]);

        Assert.Empty(driver.Core.Events);
        Assert.Equal(1, driver.Core.CloseRecord.FramesAfterPeerClose);
    }

    [Fact]
    public void A_timer_acts_at_its_due_time_not_before()
    {
        var driver = new CoreDriver(Role.Client, new ScriptedMonitor(0), lateGraceFactor: 2);
        driver.Core.StartClosingHandshake(CloseBody.Build(CloseCodes.NormalClosure, []), TimeSpan.Zero);

        driver.AdvanceTo(999);
        Assert.Equal(ConnectionState.Closing, driver.Core.State);
        Assert.Equal(TimeSpan.FromSeconds(1), driver.Core.NextTimerDue);

        driver.AdvanceTo(1000);
        Assert.Equal(ConnectionState.Closed, driver.Core.State);
        Assert.Null(driver.Core.NextTimerDue);
    }

    [Fact]
    public void A_case_timer_set_after_tcp_is_gone_arms_nothing()
    {
        var driver = new CoreDriver(Role.Client, new ScriptedMonitor(1), lateGraceFactor: 2);
        driver.Core.TcpEnded(null, TimeSpan.Zero);

        driver.Core.FailAfter(TimeSpan.FromSeconds(1), TimeSpan.Zero);

        Assert.Null(driver.Core.NextTimerDue);
    }

    private static void AssertPlays(CoreVector vector, int chunkSize)
    {
        var driver = CoreDriver.Play(vector, chunkSize);

        Assert.Equal(vector.Outputs, driver.Outputs);
        Assert.Equal(vector.Outcome, driver.Outcome());
    }
}
