using System.Net.Sockets;
using WsConformance.Cases.Model;
using WsConformance.Engine.Judging;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Running;
using WsConformance.Engine.Timing;
using WsConformance.Protocol;

namespace WsConformance.Engine.Serving;

/// <summary>
/// A case whose answer to the opening handshake is not 101 (200, 403, …). RFC 6455 §4.1: "If the status code
/// received from the server is not 101, the client handles the response per HTTP procedures". The connection is
/// then an HTTP/1.1 connection, not a WebSocket one, so the harness sends no frame after the answer (its
/// <c>Content-Length</c> ends the response; anything more would corrupt the HTTP stream) and watches the client's
/// next move for the case's timer: closing the connection, staying idle, or sending its next HTTP request on it
/// (keep-alive, RFC 9112 §9.3) all handle the answer per HTTP, and that request is then served as a request. Only
/// a WebSocket frame on the connection shows a client that took the refusal for an opened connection: FAILED.
/// </summary>
internal static class RefusedHandshake
{
    private const int ProbeSize = 64;
    private static readonly TimeSpan DefaultWatch = TimeSpan.FromSeconds(2);

    /// <summary>What the client did after the refusal, and the bytes of its next request when it reused the connection.</summary>
    public sealed record Outcome(Judgement Judgement, ReadOnlyMemory<byte>? NextRequest);

    public static bool Applies(CaseDefinition definition) => definition.Response.Status is { } status && status != 101;

    public static async Task<Outcome> WatchAsync(CaseDefinition definition, AcceptedClient client, int status, RunOptions options, WireLog wireLog,
        CaseClock clock, CancellationToken cancellationToken)
    {
        var watch = WatchTime(definition, options);
        wireLog.Add(new NoteEntry(clock.Elapsed, $"answered {status}: no WebSocket frame follows; watching the client's next move for {watch.TotalMilliseconds:0} ms"));
        var (bytes, closed) = await ReadFirstBytesAsync(client, watch, cancellationToken);
        if (bytes.Length > 0)
        {
            wireLog.Add(new OctetsEntry(clock.Elapsed, WireDirection.Received, bytes.Length, wireLog.Head(bytes)));
        }

        var refusal = $"After the harness answered {status} instead of 101";
        if (bytes.Length == 0)
        {
            var move = closed ? "the client closed the connection" : $"the client sent nothing for {watch.TotalSeconds:0.#} s (an idle HTTP connection)";
            return new Outcome(Ok($"{refusal}, {move}: it handled the answer per HTTP and sent no WebSocket frame."), closed ? null : ReadOnlyMemory<byte>.Empty);
        }

        if (HttpRequestSniffer.StartsWithRequestLine(bytes))
        {
            return new Outcome(Ok($"{refusal}, the client sent its next HTTP request on the same connection (keep-alive, served as a request): "
                + "it handled the answer per HTTP and sent no WebSocket frame."), bytes);
        }

        var failed = $"{refusal}, the client sent bytes that are not an HTTP request ({EventText.Payload(bytes)}): it took the refusal for an opened "
            + $"WebSocket connection. Requirement ({definition.Requirement.Rfc} §{definition.Requirement.RfcSection}, MUST): {definition.Requirement.Text} "
            + "Expected: the connection closed, idle, or reused for an HTTP request. Actual: WebSocket traffic.";
        return new Outcome(new Judgement(Verdict.Failed, CloseVerdict.Failed, failed, NoConnection(status), false), null);
    }

    private static Judgement Ok(string reason) => new(Verdict.Ok, CloseVerdict.Ok, reason, "No WebSocket connection was opened, so there was no closing handshake.", false);

    private static string NoConnection(int status) => $"No WebSocket connection was opened (the harness answered {status}).";

    /// <summary>The case's own timer (<c>fail_after</c>), scaled; 2 s when it has none.</summary>
    private static TimeSpan WatchTime(CaseDefinition definition, RunOptions options) =>
        (definition.Steps.OfType<FailAfterStep>().Select(s => s.After).FirstOrDefault() is { Ticks: > 0 } after ? after : DefaultWatch) * options.TimeoutScale;

    private static async Task<(byte[] Bytes, bool Closed)> ReadFirstBytesAsync(AcceptedClient client, TimeSpan watch, CancellationToken cancellationToken)
    {
        using var deadline = new TimeLimit(watch, client.TimeProvider, cancellationToken);
        if (client.Leftover.Length > 0)
        {
            // Pipelined: the next request came with the one just answered.
            return (client.Leftover.ToArray(), false);
        }

        var buffer = new byte[ProbeSize];
        try
        {
            var read = await client.Stream.ReadAsync(buffer, deadline.Token);
            return (buffer[..read], read == 0);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ([], false);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            return ([], true);
        }
    }
}
