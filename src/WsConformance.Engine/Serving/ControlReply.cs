using System.Text;
using WsConformance.Engine.Timing;
using WsConformance.Protocol;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Engine.Serving;

/// <summary>
/// The answers of the fuzzing server's control endpoints (<c>/getCaseCount</c>, <c>/getCaseInfo</c>, …): a
/// WebSocket connection that carries at most one text message and a normal close, or a plain HTTP refusal.
/// </summary>
internal static class ControlReply
{
    private static readonly TimeSpan CloseReplyTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Accepts the connection, sends <paramref name="text"/> (if any) and a Close 1000, and waits briefly for the client's Close.</summary>
    public static async Task SendAsync(AcceptedClient client, string? text, CancellationToken cancellationToken)
    {
        if (client.ValidateOpening().Count > 0)
        {
            await RefuseAsync(client, 400, "Bad Request", "Not a valid WebSocket opening handshake.", cancellationToken);
            return;
        }

        var response = client.AcceptResponse();
        response.Set("Server", ServedCaseRunner.ServerHeader);
        var bytes = new List<byte>();
        if (text is not null)
        {
            bytes.AddRange(FrameEncoder.Encode(new FrameSpec(Fin: true, Rsv: 0, Opcodes.Text, Masked: false, MaskKey: 0, Encoding.UTF8.GetBytes(text))));
        }

        bytes.AddRange(FrameEncoder.Encode(new FrameSpec(Fin: true, Rsv: 0, Opcodes.Close, Masked: false, MaskKey: 0,
            CloseBody.Build(CloseCodes.NormalClosure, []))));
        if (await client.TryAnswerAsync(response, bytes.ToArray(), end: false, cancellationToken))
        {
            await AwaitClientCloseAsync(client, cancellationToken);
            if (client.Http2 is not null)
            {
                // The server's end of the connection after the closing handshake (RFC 6455 §7.1.1; RFC 8441 §5: END_STREAM).
                client.End.EndGracefully();
            }
        }
    }

    /// <summary>A plain HTTP answer that refuses the connection (unknown path, unknown case, bad request).</summary>
    public static async Task RefuseAsync(AcceptedClient client, int status, string reason, string body, CancellationToken cancellationToken)
    {
        var response = HandshakeResponseBuilder.Reject(status, reason);
        response.Set("Server", ServedCaseRunner.ServerHeader);
        response.Set("Content-Type", "text/plain; charset=utf-8");
        response.Set("Content-Length", Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.Set("Connection", "close");
        await client.TryAnswerAsync(response, Encoding.UTF8.GetBytes(body), end: true, cancellationToken);
    }

    /// <summary>Reads until the client's Close frame arrives, it closes TCP, or a second passes; the server then closes TCP first (RFC 6455 §7.1.1).</summary>
    private static async Task AwaitClientCloseAsync(AcceptedClient client, CancellationToken cancellationToken)
    {
        using var deadline = new TimeLimit(CloseReplyTimeout, client.TimeProvider, cancellationToken);
        var decoder = new FrameDecoder();
        var buffer = new byte[1024];
        var filled = client.Leftover.Length;
        client.Leftover.CopyTo(buffer);
        try
        {
            while (true)
            {
                if (ContainsClose(decoder, buffer.AsSpan(0, filled), out var consumed))
                {
                    return;
                }

                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
                var read = await client.Stream.ReadAsync(buffer.AsMemory(filled), deadline.Token);
                if (read == 0)
                {
                    return;
                }

                filled += read;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            // Gone or silent: close either way.
        }
    }

    private static bool ContainsClose(FrameDecoder decoder, Span<byte> input, out int consumed)
    {
        consumed = 0;
        while (true)
        {
            var status = decoder.Decode(input[consumed..], out var used, out var header, out _, out _);
            consumed += used;
            if (status == DecodeStatus.FrameStarted && header.Opcode == Opcodes.Close)
            {
                return true;
            }

            if (status == DecodeStatus.NeedMoreData)
            {
                return false;
            }
        }
    }
}
