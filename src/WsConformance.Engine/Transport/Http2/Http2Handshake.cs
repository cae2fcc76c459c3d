using System.Net.Sockets;
using System.Text;
using WsConformance.Cases.Model;
using WsConformance.Protocol.Handshake;
using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Engine.Transport.Http2;

/// <summary>
/// Opens a WebSocket over HTTP/2 on a connected transport (RFC 8441): the connection preface, the server's SETTINGS
/// (which must enable extended CONNECT, §3), the extended CONNECT on a new stream, and the server's response, checked.
/// </summary>
internal static class Http2Handshake
{
    /// <summary>What the reports show as the HTTP version of an HTTP/2 response.</summary>
    public const string Version = "HTTP/2";

    private const string Status = ":status";

    public static async Task<ConnectResult> RunAsync(Socket socket, Stream transport, Uri uri, HandshakeRequest request, TransportOptions options,
        CancellationToken handshakeToken, CancellationToken callerToken)
    {
        var bends = options.Http2Request ?? Http2Overrides.None;
        var connection = new Http2ClientConnection(socket, transport, options.TimeProvider, bends.ReceiveWindow ?? Http2ClientCore.ReceiveWindow);
        var fields = Http2RequestFields.Bend(Http2RequestFields.From(uri, request), bends);
        var requestText = Http2RequestFields.ToText(fields) + (bends.EndStream ? Http2RequestFields.EndStreamNote : "");
        ConnectResult? result = null;
        var stage = "SETTINGS from the server";
        try
        {
            await connection.StartAsync(handshakeToken);
            if (!await connection.ServerSettings.WaitAsync(handshakeToken))
            {
                return result = ConnectResult.Failed(ConnectOutcome.ExtendedConnectNotSupported,
                    "The server's SETTINGS do not set SETTINGS_ENABLE_CONNECT_PROTOCOL to 1 (RFC 8441 §3): it does not accept WebSockets over HTTP/2.")
                    with { SentRequestText = requestText };
            }

            stage = "response to the extended CONNECT";
            var stream = await connection.OpenStreamAsync(fields, handshakeToken, bends.EndStream);
            var responseFields = await stream.Response.WaitAsync(handshakeToken);
            return result = Completed(socket, stream, request, fields, responseFields) with { SentRequestText = requestText };
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            return result = ConnectResult.Failed(ConnectOutcome.HandshakeTimeout, $"No {stage} within {options.HandshakeTimeout.TotalMilliseconds:0} ms.")
                with { SentRequestText = requestText };
        }
        catch (IOException exception)
        {
            return result = connection.RefusedHttp2
                ? ConnectResult.Failed(ConnectOutcome.Http2Unavailable, exception.Message) with { SentRequestText = requestText }
                : Ended(stage, exception.Message) with
                {
                    SentRequestText = requestText,
                    ServerResetCode = (exception as Http2StreamResetException)?.ServerResetCode,
                };
        }
        finally
        {
            if (result?.Connection is null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The stream or connection ended before the awaited answer. Before the response that is a refusal without a status
    /// (a stream error answers a malformed request, RFC 9113 §8.1.1), so the account is kept as the "response": it is an
    /// answer, not silence, and must not be retried as a busy server's.
    /// </summary>
    private static ConnectResult Ended(string stage, string reason)
    {
        var detail = $"No {stage}: {reason}";
        return ConnectResult.Failed(ConnectOutcome.ClosedDuringHandshake, detail, Encoding.UTF8.GetBytes(detail));
    }

    private static ConnectResult Completed(Socket socket, Http2WebSocketStream stream, HandshakeRequest request, IReadOnlyList<HeaderField> requestFields,
        IReadOnlyList<HeaderField> responseFields)
    {
        var rawText = Http2RequestFields.ToText(responseFields);
        var status = responseFields.FirstOrDefault(field => field.Name == Status).Value;
        var response = new HandshakeResponse(Version, int.TryParse(status, out var code) ? code : 0, "",
            [.. responseFields.Where(field => !field.Name.StartsWith(':')).Select(field => KeyValuePair.Create(field.Name, field.Value))], rawText);
        var violations = ExtendedConnect.ValidateResponse(responseFields, requestFields);
        var connection = new WebSocketConnection(socket, stream, stream, request, response, ReadOnlyMemory<byte>.Empty);
        var statusLine = $"{Version} :status {status}";
        var raw = Encoding.UTF8.GetBytes(rawText);
        return violations.Count == 0
            ? new ConnectResult(ConnectOutcome.Open, connection, response, violations, statusLine, raw)
            : new ConnectResult(ConnectOutcome.Refused, connection, response, violations,
                $"{statusLine}: {string.Join("; ", violations.Select(violation => $"{violation.Code} ({violation.Detail})"))}", raw);
    }
}
