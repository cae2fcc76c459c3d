using System.Net.Sockets;
using System.Text;
using WsConformance.Cases.Model;
using WsConformance.Engine.Serving;
using WsConformance.Engine.Tests.BrokenServers;
using WsConformance.Protocol;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Engine.Tests.Serving;

/// <summary>
/// handshake-response.6 and .7 answer 200 and 403: the connection is then plain HTTP/1.1 (RFC 6455 §4.1), so the
/// harness sends no frame after the answer, serves a keep-alive client's next request on the same connection, and
/// fails only a client that speaks WebSocket there.
/// </summary>
[Collection(BrokenServerCollection.Name)]
public sealed class RefusedHandshakeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_keep_alive_client_gets_its_next_request_served_on_the_refused_connection_and_never_a_frame()
    {
        var cases = ServeRun.Select("handshake-response.6", "handshake-response.7");
        await using var server = ServeRun.Start(cases);
        using var timeout = new CancellationTokenSource(Bound);
        using var socket = await ConnectAsync(server, timeout.Token);

        // One TCP connection for three requests, as an HTTP/1.1 client with a connection pool sends them.
        var first = await ExchangeAsync(socket, ServeRun.CaseUrl(server, cases.Single(c => c.Id == "handshake-response.6")), timeout.Token);
        var second = await ExchangeAsync(socket, ServeRun.CaseUrl(server, cases.Single(c => c.Id == "handshake-response.7")), timeout.Token);
        var third = await ExchangeAsync(socket, new Uri(server.Url, "getCaseCount"), timeout.Token);

        Assert.StartsWith("HTTP/1.1 200 ", first, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 403 ", second, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 101 ", third, StringComparison.Ordinal);
        var refusedWithReuse = await server.Results.WaitForAsync(ServeRun.Agent, "handshake-response.6", timeout.Token);
        Assert.Equal(Verdict.Ok, refusedWithReuse.Behavior);
        Assert.Contains("next HTTP request on the same connection", refusedWithReuse.Judgement.Result, StringComparison.Ordinal);
        Assert.Equal(Verdict.Ok, (await server.Results.WaitForAsync(ServeRun.Agent, "handshake-response.7", timeout.Token)).Behavior);
        Assert.Equal(2, server.Results.Count);
    }

    [Fact]
    public async Task A_client_that_closes_after_the_refusal_passes()
    {
        var cases = ServeRun.Select("handshake-response.7");
        await using var server = ServeRun.Start(cases);
        using var timeout = new CancellationTokenSource(Bound);
        using (var socket = await ConnectAsync(server, timeout.Token))
        {
            await ExchangeAsync(socket, ServeRun.CaseUrl(server, cases[0]), timeout.Token);
        }

        var result = await server.Results.WaitForAsync(ServeRun.Agent, "handshake-response.7", timeout.Token);

        Assert.Equal(Verdict.Ok, result.Behavior);
        Assert.Contains("the client closed the connection", result.Judgement.Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_sends_a_frame_after_a_403_takes_the_refusal_for_an_open_connection_and_fails()
    {
        var cases = ServeRun.Select("handshake-response.7");
        await using var server = ServeRun.Start(cases);
        using var timeout = new CancellationTokenSource(Bound);
        using var socket = await ConnectAsync(server, timeout.Token);

        await ExchangeAsync(socket, ServeRun.CaseUrl(server, cases[0]), timeout.Token);
        var frame = FrameEncoder.Encode(new FrameSpec(Fin: true, Rsv: 0, Opcodes.Text, Masked: true, MaskKey: 0x01020304, Encoding.UTF8.GetBytes("hi")));
        await socket.SendAsync(frame, SocketFlags.None, timeout.Token);
        var result = await server.Results.WaitForAsync(ServeRun.Agent, "handshake-response.7", timeout.Token);

        Assert.Equal(Verdict.Failed, result.Behavior);
        Assert.Contains("took the refusal for an opened WebSocket connection", result.Judgement.Result, StringComparison.Ordinal);
        Assert.Contains("If the status code received from the server is not 101", result.Judgement.Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_rejects_a_bad_101_and_reuses_the_connection_gets_its_next_request_served_not_parsed_as_frames()
    {
        var cases = ServeRun.Select("handshake-response.5", "handshake-response.7");
        await using var server = ServeRun.Start(cases);
        using var timeout = new CancellationTokenSource(Bound);
        using var socket = await ConnectAsync(server, timeout.Token);

        // The 101 lacks its Connection header: the client rejects it, but sends its next request on the same TCP
        // connection (as aiohttp 3.8's pool does) instead of closing it.
        var rejected = await ExchangeAsync(socket, ServeRun.CaseUrl(server, cases.Single(c => c.Id == "handshake-response.5")), timeout.Token);
        await socket.SendAsync(HandshakeRequest.CreateDefault(ServeRun.CaseUrl(server, cases.Single(c => c.Id == "handshake-response.7"))).ToBytes(),
            SocketFlags.None, timeout.Token);
        var reused = await server.Results.WaitForAsync(ServeRun.Agent, "handshake-response.5", timeout.Token);
        var next = await server.Results.WaitForAsync(ServeRun.Agent, "handshake-response.7", timeout.Token);

        Assert.StartsWith("HTTP/1.1 101 ", rejected, StringComparison.Ordinal);
        Assert.Equal(Verdict.Ok, reused.Behavior);
        Assert.Contains("sent its next HTTP request on this connection instead of closing it", reused.Judgement.Result, StringComparison.Ordinal);
        Assert.DoesNotContain(reused.Events, e => e is Observation.MessageEvent);
        Assert.Equal(Verdict.Ok, next.Behavior);
    }

    private static async Task<Socket> ConnectAsync(FuzzingServer server, CancellationToken token)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server.Url.Host, server.Url.Port, token);
        return socket;
    }

    /// <summary>
    /// Sends an opening-handshake request and returns the response head. A refusal carries Content-Length: 0, so
    /// the next bytes on the connection must be the next response: reading up to the blank line only checks that.
    /// </summary>
    private static async Task<string> ExchangeAsync(Socket socket, Uri url, CancellationToken token)
    {
        await socket.SendAsync(HandshakeRequest.CreateDefault(url).ToBytes(), SocketFlags.None, token);
        var head = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(head))
        {
            var read = await socket.ReceiveAsync(one, SocketFlags.None, token);
            Assert.True(read == 1, "the connection closed before the response ended: " + Encoding.ASCII.GetString([.. head]));
            head.Add(one[0]);
        }

        var text = Encoding.ASCII.GetString([.. head]);
        Assert.True(text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal), "not an HTTP response (frame bytes after a refusal?): " + text);
        return text;
    }

    private static bool EndsWithBlankLine(List<byte> head) =>
        head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n';
}
