using System.Net.Security;
using WsConformance.Engine.Transport;
using WsConformance.Engine.Transport.Http2;
using WsConformance.Protocol.Handshake;
using WsConformance.Targets;
using WsConformance.TestServers;
using static WsConformance.Engine.Tests.Transport.TransportTestSupport;

namespace WsConformance.Engine.Tests.Transport.Http2;

/// <summary>The connector as an RFC 8441 client against Kestrel, over h2c (prior knowledge) and TLS (ALPN h2).</summary>
public class Http2ConnectorKestrelTests
{
    [Fact]
    public async Task H2c_opens_an_extended_connect_stream_that_carries_frames()
    {
        await using var server = await EchoServer.StartAsync(http2: true);

        var result = await ConnectAsync(server.Uri, Http2Options);
        await using var connection = result.Connection;

        Assert.Equal(ConnectOutcome.Open, result.Outcome);
        Assert.Equal("HTTP/2", result.Response!.HttpVersion);
        Assert.Equal(200, result.Response.StatusCode);
        Assert.IsType<Http2WebSocketStream>(connection!.Stream);
        Assert.Contains(":protocol: websocket", result.SentRequestText, StringComparison.Ordinal);
        Assert.DoesNotContain("sec-websocket-key", result.SentRequestText, StringComparison.OrdinalIgnoreCase);
        await connection.Stream.WriteAsync(MaskedTextFrameHi());
        Assert.Equal(UnmaskedTextFrameHi, await ReadExactlyAsync(connection, UnmaskedTextFrameHi.Length));
    }

    [Fact]
    public async Task Tls_negotiates_h2_by_alpn_and_carries_frames()
    {
        using var certificate = TestCertificates.CreateSelfSigned();
        await using var server = await EchoServer.StartAsync(certificate: certificate, http2: true);

        var result = await ConnectAsync(server.Uri, Http2Options with { AcceptAnyCertificate = true, ServerName = "localhost" });
        await using var connection = result.Connection;

        Assert.Equal(ConnectOutcome.Open, result.Outcome);
        Assert.Equal("HTTP/2", result.Response!.HttpVersion);
        await connection!.Stream.WriteAsync(MaskedTextFrameHi());
        Assert.Equal(UnmaskedTextFrameHi, await ReadExactlyAsync(connection, UnmaskedTextFrameHi.Length));
    }

    [Fact]
    public async Task Tls_server_without_h2_is_http2_unavailable_not_unreachable()
    {
        using var certificate = TestCertificates.CreateSelfSigned();
        await using var server = await EchoServer.StartAsync(certificate: certificate);

        var result = await ConnectAsync(server.Uri, Http2Options with { AcceptAnyCertificate = true, ServerName = "localhost" });
        await using var connection = result.Connection;

        Assert.True(result.Outcome == ConnectOutcome.Http2Unavailable, $"{result.Outcome}: {result.Detail}");
        Assert.Contains("ALPN", result.Detail, StringComparison.Ordinal);
        Assert.True(result.TransportUnsupported);
    }

    [Fact]
    public async Task Cleartext_http11_server_is_http2_unavailable()
    {
        await using var server = await EchoServer.StartAsync();

        var result = await ConnectAsync(server.Uri, Http2Options);

        Assert.True(result.Outcome == ConnectOutcome.Http2Unavailable, $"{result.Outcome}: {result.Detail}");
        // Kestrel answers a preface on an HTTP/1.1-only port with GOAWAY HTTP_1_1_REQUIRED (RFC 9113 §7), other servers in HTTP/1.1.
        Assert.True(result.Detail.Contains("HTTP_1_1_REQUIRED", StringComparison.Ordinal), result.Detail);
    }

    [Fact]
    public async Task The_servers_end_stream_after_the_closing_handshake_reads_as_the_end_like_a_tcp_fin()
    {
        await using var server = await EchoServer.StartAsync(http2: true);
        var result = await ConnectAsync(server.Uri, Http2Options);
        await using var connection = result.Connection;
        byte[] mask = [9, 8, 7, 6];
        byte[] close = [0x88, 0x82, .. mask, 0x03 ^ 9, 0xE8 ^ 8];

        await connection!.Stream.WriteAsync(close);

        Assert.Equal([0x88, 0x02, 0x03, 0xE8], await ReadExactlyAsync(connection, 4));
        using var timeout = new CancellationTokenSource(TestTimeout);
        Assert.Equal(0, await connection.Stream.ReadAsync(new byte[1], timeout.Token));
    }

    [Fact]
    public async Task After_the_harness_aborts_nothing_is_read_or_written_as_after_closing_a_socket()
    {
        await using var server = await EchoServer.StartAsync(http2: true);
        var result = await ConnectAsync(server.Uri, Http2Options);
        await using var connection = result.Connection;
        await connection!.Stream.WriteAsync(MaskedTextFrameHi());
        using var timeout = new CancellationTokenSource(TestTimeout);
        while (!connection.End.HasUnreadInput())
        {
            await Task.Delay(10, timeout.Token);
        }

        connection.End.Abort();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await connection.Stream.ReadExactlyAsync(new byte[1], timeout.Token));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await connection.Stream.WriteAsync(MaskedTextFrameHi(), timeout.Token));
    }

    [Fact]
    public async Task A_message_far_larger_than_the_windows_flows_both_ways()
    {
        await using var server = await EchoServer.StartAsync(http2: true);
        var result = await ConnectAsync(server.Uri, Http2Options);
        await using var connection = result.Connection;
        Assert.Equal(ConnectOutcome.Open, result.Outcome);

        // 4 MiB: 64 times the default window, 4 times the harness's (RFC 9113 §6.9); an unmasked-payload binary frame.
        const int size = 4 * 1024 * 1024;
        var payload = new byte[size];
        new Random(8441).NextBytes(payload);
        byte[] mask = [1, 2, 3, 4];
        var frame = new byte[2 + 8 + 4 + size];
        frame[0] = 0x82;
        frame[1] = 0x80 | 127;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(2), size);
        mask.CopyTo(frame, 10);
        for (var i = 0; i < size; i++)
        {
            frame[14 + i] = (byte)(payload[i] ^ mask[i % 4]);
        }

        var writing = connection!.Stream.WriteAsync(frame).AsTask();
        var echoed = await ReadEchoedPayloadAsync(connection, size);
        await writing;

        Assert.True(echoed.AsSpan().SequenceEqual(payload));
    }

    /// <summary>Kestrel echoes a large message as it reads it, in several frames: their payloads, concatenated.</summary>
    private static async Task<byte[]> ReadEchoedPayloadAsync(WebSocketConnection connection, int size)
    {
        var payload = new List<byte>(size);
        while (payload.Count < size)
        {
            var header = await ReadExactlyAsync(connection, 2);
            int length = header[1] & 0x7F;
            long actual = length switch
            {
                126 => System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(await ReadExactlyAsync(connection, 2)),
                127 => (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(await ReadExactlyAsync(connection, 8)),
                _ => length,
            };
            payload.AddRange(await ReadExactlyAsync(connection, (int)actual));
        }

        return [.. payload];
    }
}
