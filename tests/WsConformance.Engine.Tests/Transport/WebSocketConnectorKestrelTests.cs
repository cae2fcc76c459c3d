using WsConformance.Engine.Transport;
using WsConformance.Protocol.Handshake;
using WsConformance.Targets;
using WsConformance.TestServers;
using static WsConformance.Engine.Tests.Transport.TransportTestSupport;

namespace WsConformance.Engine.Tests.Transport;

/// <summary>The connector against Kestrel's WebSocket middleware, over TCP and TLS.</summary>
public class WebSocketConnectorKestrelTests
{
    [Fact]
    public async Task Opens_and_the_stream_carries_frames()
    {
        await using var server = await EchoServer.StartAsync();

        var result = await ConnectAsync(server.Uri);
        await using var connection = result.Connection;

        Assert.Equal(ConnectOutcome.Open, result.Outcome);
        await connection!.Stream.WriteAsync(MaskedTextFrameHi());
        Assert.Equal(UnmaskedTextFrameHi, await ReadExactlyAsync(connection, UnmaskedTextFrameHi.Length));
    }

    [Fact]
    public async Task Request_without_upgrade_is_refused_with_the_status()
    {
        await using var server = await EchoServer.StartAsync();
        var request = HandshakeRequest.CreateDefault(server.Uri);
        request.Remove("Upgrade");

        var result = await ConnectAsync(server.Uri, request: request);
        await using var connection = result.Connection;

        Assert.Equal(ConnectOutcome.Refused, result.Outcome);
        Assert.Equal(400, result.Response!.StatusCode);
        Assert.Equal(HandshakeViolationCode.StatusNot101, Assert.Single(result.Violations).Code);
    }

    [Fact]
    public async Task Wss_with_any_certificate_accepted_opens()
    {
        using var certificate = TestCertificates.CreateSelfSigned();
        await using var server = await EchoServer.StartAsync(certificate: certificate);

        var result = await ConnectAsync(server.Uri, Options with { AcceptAnyCertificate = true, ServerName = "localhost" });
        await using var connection = result.Connection;

        Assert.Equal(ConnectOutcome.Open, result.Outcome);
        Assert.IsType<System.Net.Security.SslStream>(connection!.Stream);
        await connection.Stream.WriteAsync(MaskedTextFrameHi());
        Assert.Equal(UnmaskedTextFrameHi, await ReadExactlyAsync(connection, UnmaskedTextFrameHi.Length));
    }

    [Fact]
    public async Task Wss_with_an_untrusted_certificate_fails_TLS()
    {
        using var certificate = TestCertificates.CreateSelfSigned();
        await using var server = await EchoServer.StartAsync(certificate: certificate);

        var result = await ConnectAsync(server.Uri, Options with { AcceptAnyCertificate = false });

        Assert.Equal(ConnectOutcome.TlsFailed, result.Outcome);
        Assert.Null(result.Connection);
    }
}
