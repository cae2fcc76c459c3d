using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using WsConformance.Engine.Transport;
using WsConformance.Protocol.Handshake;
using static WsConformance.Engine.Tests.Transport.ScriptedServer;
using static WsConformance.Engine.Tests.Transport.TransportTestSupport;

namespace WsConformance.Engine.Tests.Transport;

/// <summary>The connector against a tiny loopback server that answers scripted bytes.</summary>
public class WebSocketConnectorScriptedTests
{
    public static TheoryData<string> Loopbacks => LoopbackAddresses;

    [Theory]
    [MemberData(nameof(Loopbacks))]
    public async Task Valid_101_opens_over_IPv4_and_IPv6_loopback(string address)
    {
        await using var server = Replying(request => [Latin1(SwitchingProtocols(request))], IPAddress.Parse(address));

        var result = await ConnectAsync(server.Uri("/chat?x=1"));
        await using var connection = result.Connection;

        Assert.Equal(ConnectOutcome.Open, result.Outcome);
        Assert.Empty(result.Violations);
        Assert.Equal(101, result.Response!.StatusCode);
        Assert.True(connection!.Socket.NoDelay);
        Assert.True(connection.LeftoverBytes.IsEmpty);
        Assert.StartsWith("GET /chat?x=1 HTTP/1.1\r\n", await server.Request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_name_is_resolved()
    {
        await using var server = Replying(request => [Latin1(SwitchingProtocols(request))]);

        var result = await ConnectAsync(new Uri($"ws://localhost:{server.Port}/"));
        await using var connection = result.Connection;

        Assert.Equal(ConnectOutcome.Open, result.Outcome);
        Assert.Contains($"Host: localhost:{server.Port}\r\n", await server.Request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_is_sent_exactly_as_built()
    {
        await using var server = Replying(request => [Latin1(SwitchingProtocols(request))]);
        var request = HandshakeRequest.CreateDefault(server.Uri());
        request.Remove("User-Agent");
        request.AddRawLine("x-odd:  value\t");
        request.Method = "get";

        var result = await ConnectAsync(server.Uri(), request: request);
        await using var connection = result.Connection;

        Assert.Equal(request.ToText(), await server.Request);
        Assert.Same(request, connection!.Request);
    }

    [Fact]
    public async Task Status_400_is_refused_and_the_connection_is_returned()
    {
        await using var server = Replying(_ => [Latin1("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")]);

        var result = await ConnectAsync(server.Uri());
        await using var connection = result.Connection;

        Assert.Equal(ConnectOutcome.Refused, result.Outcome);
        Assert.Equal(HandshakeViolationCode.StatusNot101, Assert.Single(result.Violations).Code);
        Assert.NotNull(connection);
        Assert.True(connection.Socket.Connected);
        Assert.Equal("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", System.Text.Encoding.Latin1.GetString(result.RawResponseBytes));
    }

    [Fact]
    public async Task Wrong_accept_is_refused_with_AcceptWrong()
    {
        const string WrongAccept = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
        await using var server = Replying(_ => [Latin1(WrongAccept)]);

        var result = await ConnectAsync(server.Uri());
        await using var connection = result.Connection;

        Assert.Equal(ConnectOutcome.Refused, result.Outcome);
        Assert.Equal(HandshakeViolationCode.AcceptWrong, Assert.Single(result.Violations).Code);
        Assert.Contains("AcceptWrong", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Frame_sent_with_the_101_in_one_write_is_left_over()
    {
        await using var server = Replying(request => [[.. Latin1(SwitchingProtocols(request)), .. UnmaskedTextFrameHi]]);

        var result = await ConnectAsync(server.Uri());
        await using var connection = result.Connection;

        Assert.Equal(ConnectOutcome.Open, result.Outcome);
        Assert.Equal(UnmaskedTextFrameHi, connection!.LeftoverBytes.ToArray());
        Assert.Equal(result.Response!.RawText, System.Text.Encoding.Latin1.GetString(result.RawResponseBytes));
    }

    [Fact]
    public async Task Response_dribbled_in_small_writes_still_opens()
    {
        await using var server = Replying(request => Latin1(SwitchingProtocols(request)).Chunk(3));

        var result = await ConnectAsync(server.Uri());
        await using var connection = result.Connection;

        Assert.Equal(ConnectOutcome.Open, result.Outcome);
    }

    [Fact]
    public async Task Closed_port_fails_to_connect()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await ConnectAsync(new Uri($"ws://127.0.0.1:{port}/"));

        Assert.Equal(ConnectOutcome.ConnectFailed, result.Outcome);
        Assert.Null(result.Connection);
        Assert.Contains("ConnectionRefused", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_that_never_answers_times_out_within_the_bound()
    {
        await using var server = Start((_, _, _) => Task.CompletedTask);
        var options = Options with { HandshakeTimeout = TimeSpan.FromMilliseconds(300) };

        var clock = Stopwatch.StartNew();
        var result = await ConnectAsync(server.Uri(), options);

        Assert.Equal(ConnectOutcome.HandshakeTimeout, result.Outcome);
        Assert.Null(result.Connection);
        // A timer may fire a clock tick early: the bound is the timeout give or take that tick.
        Assert.InRange(clock.Elapsed, options.HandshakeTimeout - TimeSpan.FromMilliseconds(20), TestTimeout);
    }

    [Fact]
    public async Task Partial_response_then_silence_times_out_and_keeps_the_bytes()
    {
        await using var server = Replying(_ => [Latin1("HTTP/1.1 101 Switching")]);

        // Long enough that the server's bytes arrive before it even on a loaded CI machine.
        var result = await ConnectAsync(server.Uri(), Options with { HandshakeTimeout = TimeSpan.FromSeconds(2) });

        Assert.Equal(ConnectOutcome.HandshakeTimeout, result.Outcome);
        Assert.Equal(Latin1("HTTP/1.1 101 Switching"), result.RawResponseBytes);
    }

    [Fact]
    public async Task Server_closing_before_the_blank_line_is_closed_during_handshake()
    {
        await using var server = Start(async (_, client, token) =>
        {
            await client.GetStream().WriteAsync(Latin1("HTTP/1.1 101 Switching Protocols\r\n"), token);
            client.Client.Shutdown(SocketShutdown.Both);
        });

        var result = await ConnectAsync(server.Uri());

        Assert.Equal(ConnectOutcome.ClosedDuringHandshake, result.Outcome);
        Assert.Null(result.Connection);
        Assert.Equal(Latin1("HTTP/1.1 101 Switching Protocols\r\n"), result.RawResponseBytes);
    }

    [Fact]
    public async Task Garbage_is_an_invalid_response()
    {
        await using var server = Replying(_ => [Latin1("SSH-2.0-OpenSSH_9.6\r\n")]);

        var result = await ConnectAsync(server.Uri());

        Assert.Equal(ConnectOutcome.InvalidResponse, result.Outcome);
        Assert.Null(result.Connection);
        Assert.Equal(HandshakeViolationCode.MalformedResponse, Assert.Single(result.Violations).Code);
    }

    [Fact]
    public async Task Caller_cancellation_throws()
    {
        await using var server = Start((_, _, _) => Task.CompletedTask);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            WebSocketConnector.ConnectAsync(server.Uri(), HandshakeRequest.CreateDefault(server.Uri()), Options, cancellation.Token));
    }

    [Fact]
    public async Task Non_websocket_scheme_is_a_programmer_error()
    {
        var uri = new Uri("http://127.0.0.1/");

        await Assert.ThrowsAsync<ArgumentException>(() => ConnectAsync(uri));
    }
}
