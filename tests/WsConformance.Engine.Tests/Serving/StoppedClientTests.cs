using System.Diagnostics;
using System.Net.Sockets;
using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Engine.Serving;
using WsConformance.Engine.Tests.BrokenServers;
using WsConformance.Protocol.Handshake;
using WsConformance.TestServers;
using Xunit.Abstractions;

namespace WsConformance.Engine.Tests.Serving;

/// <summary>
/// Clients that stop in the middle of a case: every case stays bounded by the stall watchdog (5 s without progress
/// while the client owes an answer, plus time to read what it must answer) instead of section 9's timers of
/// 100–1000 s, tripled by the late-answer grace.
/// </summary>
[Collection(BrokenServerCollection.Name)]
public sealed class StoppedClientTests(ITestOutputHelper output)
{
    /// <summary>The stall bound (13 s for 9.1.6's 16 MiB) plus the closing handshake and a loaded machine's slack; far below any section 9 timer.</summary>
    private static readonly TimeSpan PerCaseBound = TimeSpan.FromSeconds(40);

    [Theory]
    [InlineData("9.1.6", "13")] // 16 MiB text, close_after 100 s: without the watchdog 300 s
    [InlineData("9.7.6", "5")] // 1000 echo rounds of 4 KiB, close_after 480 s: without the watchdog 1440 s
    public async Task A_client_that_reads_but_never_echoes_fails_the_case_as_soon_as_it_stops(string id, string boundSeconds)
    {
        var cases = ServeRun.Select(id);
        await using var server = ServeRun.Start(cases);
        using var timeout = new CancellationTokenSource(PerCaseBound);
        var clock = Stopwatch.StartNew();

        await CodecEchoClient.RunAsync(ServeRun.CaseUrl(server, cases[0]), EchoBehaviour.Correct with { Echoes = false }, timeout.Token);
        var result = await server.Results.WaitForAsync(ServeRun.Agent, id, timeout.Token);
        output.WriteLine(CatalogRun.Describe(result));

        Assert.Equal(Verdict.Failed, result.Behavior);
        Assert.StartsWith($"The client stopped: it sent nothing for {boundSeconds} s while it owed an answer to 1 frame(s)", result.Judgement.Result,
            StringComparison.Ordinal);
        Assert.Contains("By then it had sent 0 message(s)", result.Judgement.Result, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < PerCaseBound, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_client_that_never_reads_is_dropped_when_the_harness_write_stops_moving()
    {
        var cases = ServeRun.Select("9.1.6");
        await using var server = ServeRun.Start(cases);
        using var timeout = new CancellationTokenSource(PerCaseBound);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(server.Url.Host, server.Url.Port, timeout.Token);
        var clock = Stopwatch.StartNew();

        // A correct request, then not one byte read: the harness's 16 MiB fill the socket buffers and its write stops.
        await socket.SendAsync(HandshakeRequest.CreateDefault(ServeRun.CaseUrl(server, cases[0])).ToBytes(), SocketFlags.None, timeout.Token);
        var result = await server.Results.WaitForAsync(ServeRun.Agent, "9.1.6", timeout.Token);
        output.WriteLine(CatalogRun.Describe(result));

        Assert.Equal(Verdict.Failed, result.Behavior);
        Assert.StartsWith("The client stopped: it stopped reading", result.Judgement.Result, StringComparison.Ordinal);
        Assert.True(result.Close!.DroppedByMe && !result.Close.WasClean, CatalogRun.Describe(result));
        Assert.DoesNotContain("properly closed", result.Judgement.ResultClose, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < PerCaseBound, $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_slow_client_that_keeps_echoing_is_not_cut_off()
    {
        // 1000 rounds with a 10 ms delay before each echo: 10 s of steady progress, twice the stall bound.
        var results = await ServeRun.RunAsync((url, token) => CodecEchoClient.RunAsync(url,
            EchoBehaviour.Correct with { ReplyDelay = TimeSpan.FromMilliseconds(10) }, token), "9.7.1");

        var result = results.Single();
        Assert.True(result.Behavior == Verdict.Ok && result.Duration > TimeSpan.FromSeconds(10), CatalogRun.Describe(result));
        Assert.DoesNotContain("stopped", result.Judgement.Result, StringComparison.Ordinal);
    }
}
