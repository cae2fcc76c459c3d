using System.Globalization;
using WsConformance.Cases.Model;
using WsConformance.Engine.Judging;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Running;
using WsConformance.Engine.Session;
using WsConformance.Engine.Timing;
using WsConformance.Engine.Transport;
using WsConformance.Engine.Transport.Http2;
using WsConformance.Protocol;
using WsConformance.Protocol.Compression;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Engine.Serving;

/// <summary>
/// Runs one case with the roles mirrored: the harness is the server of a connection the client under test
/// opened. It answers the opening handshake (bent the way the case asks), then runs the same steps under the
/// same judge as <see cref="CaseRunner"/>, with frames unmasked and the client's required to be masked.
/// </summary>
public static class ServedCaseRunner
{
    /// <summary>The Server header of every answer, so reports name what the client talked to.</summary>
    public static string ServerHeader { get; } = $"WsConformance/{typeof(ServedCaseRunner).Assembly.GetName().Version?.ToString(3)}";

    /// <param name="sliceCache">Compressed slices shared by the cases a server serves (<see cref="FuzzingServer"/>).</param>
    /// <returns>
    /// The result, and when the case refused the handshake and the client keeps the HTTP connection, the bytes it sent
    /// so far of its next request (possibly none yet): the connection then serves that request.
    /// </returns>
    internal static async Task<(CaseResult Result, ReadOnlyMemory<byte>? NextRequest)> RunAsync(CaseDefinition definition, AcceptedClient client, Target target, RunOptions options,
        CompressedSliceCache sliceCache, CancellationToken cancellationToken)
    {
        using var lease = sliceCache.Lease(definition);
        var clock = new CaseClock(options.TimeProvider);
        var statistics = new TrafficStatistics();
        var wireLog = new WireLog(bulk: definition.BulkTraffic);
        var request = client.Request;
        var userAgent = request.GetValues("User-Agent").FirstOrDefault();

        if (ServedApplicability.WhySkipped(definition, client) is { } skipped)
        {
            // Answered as a control request is (a WebSocket that closes at once), so the client's driver goes on to its next case.
            await ControlReply.SendAsync(client, null, cancellationToken);
            return (Result(definition, target, Judge.NotOnThisTransport(skipped), clock, null, [], wireLog, statistics, userAgent, request.RawText, "")
                with { Transport = client.Transport }, null);
        }

        var violations = client.ValidateOpening();
        if (violations.Count > 0)
        {
            var rejection = HandshakeResponseBuilder.Reject(400, "Bad Request");
            await client.TryAnswerAsync(rejection, ReadOnlyMemory<byte>.Empty, end: true, cancellationToken);
            var invalid = Judge.InvalidClientHandshake(string.Join("; ", violations.Select(v => $"{v.Detail} ({v.RfcSection})")));
            return (Result(definition, target, invalid, clock, null, [], wireLog, statistics, userAgent, request.RawText, client.AnswerText(rejection))
                with { Transport = client.Transport }, null);
        }

        var agreement = definition.Compression is { } compression
            ? DeflateNegotiation.Accept(request.GetValues(HeaderNames.SecWebSocketExtensions), AcceptPolicy(compression))
            : null;
        var response = Answer(definition, client, agreement);
        if (agreement is not null)
        {
            wireLog.Add(new NoteEntry(clock.Elapsed, $"permessage-deflate agreed: {agreement.Response}"));
        }

        var withdraw = definition.Response.WithdrawConnectProtocol ? client.Http2?.Connection : null;
        if (withdraw is not null)
        {
            withdraw.WithdrawConnectProtocol();
            wireLog.Add(new NoteEntry(clock.Elapsed, "sent SETTINGS_ENABLE_CONNECT_PROTOCOL = 0 after 1 (RFC 8441 §3 forbids it), then the answer"));
        }

        var responseText = client.AnswerText(response);
        if (!await client.TryAnswerAsync(response, ReadOnlyMemory<byte>.Empty, end: false, cancellationToken))
        {
            var gone = withdraw is null
                ? Judge.HandshakeError("The client closed the connection before the harness answered its opening handshake.")
                : WithdrawnBeforeAnswer(definition, withdraw.LostReason);
            return (Result(definition, target, gone,
                clock, null, [], wireLog, statistics, userAgent, request.RawText, responseText) with { Transport = client.Transport }, null);
        }

        if (client.Http2 is null && RefusedHandshake.Applies(definition))
        {
            var refused = await RefusedHandshake.WatchAsync(definition, client, response.StatusCode, options, wireLog, clock, cancellationToken);
            return (Result(definition, target, refused.Judgement, clock, null, [], wireLog, statistics, userAgent, request.RawText, responseText),
                refused.NextRequest);
        }

        var declined = definition.Compression is not null && agreement is null;
        // Over HTTP/2 the stream ends with the WebSocket: no next request can follow on it, so nothing to sniff for.
        var sniffer = new HttpRequestSniffer(client.Stream, client.Leftover);
        var connection = WebSocketConnection.Accepted(client.Socket, client.Http2 is null ? sniffer : client.Stream, client.End, ReadOnlyMemory<byte>.Empty);
        var sessionOptions = CaseDriver.SessionOptionsFor(definition, options, Role.Server) with
        {
            // Section 9 waits up to 1000 s for an echo: a client that stopped would otherwise hold a run for hours. A case
            // that accepts no event at all (the client must not answer, e.g. after a refused handshake) is bounded by its
            // own timers, and a silent client there owes nothing: the watchdog would only misname its silence.
            Stall = ExpectsAnAnswer(definition) ? StallPolicy.Scaled(options.TimeoutScale) : null,
        };
        await using var session = new CaseSession(connection, sessionOptions,
            new ExpectationMonitor(definition.Expectation), wireLog, statistics, clock, agreement);
        var (events, close, slow, timing) = await CaseDriver.DriveAsync(definition, session, lease, options, declined, cancellationToken);
        var judgement = Judge.Evaluate(definition, events, close, slow, Role.Server, timing.RanOutOfTimeAt);
        if (session.Stall is { } stall)
        {
            judgement = judgement with { Reason = $"{stall} {judgement.Reason}" };
        }

        if (client.Http2?.Stream.WatchedReset is { } watched)
        {
            judgement = AfterReset(judgement, watched);
        }

        if (sniffer.Request is not null)
        {
            wireLog.Add(new NoteEntry(clock.Elapsed, "the client's next bytes are an HTTP request, not frames: it left the WebSocket connection, and the request is served"));
            judgement = judgement with
            {
                Reason = $"{judgement.Reason} The client then sent its next HTTP request on this connection instead of closing it "
                    + "(RFC 6455 §7.1.7: to fail the WebSocket connection a client closes TCP); the harness served that request as a request.",
            };
        }

        if (declined && definition.Compression!.WhenDeclined is { } verdict)
        {
            judgement = judgement with { Behavior = verdict, Reason = "The client offered no permessage-deflate the case can accept." };
        }

        judgement = BrowserGrading.Apply(definition, request, judgement);
        if (withdraw is not null)
        {
            // The connection no longer offers extended CONNECT: the client's next cases must not depend on this one.
            withdraw.GoAwayGracefully();
            wireLog.Add(new NoteEntry(clock.Elapsed, "sent GOAWAY NO_ERROR: the client's next requests go to a new connection"));
        }

        return (Result(definition, target, judgement, clock, close, events, wireLog, statistics, userAgent, request.RawText, responseText)
            with { Transport = client.Transport }, sniffer.Request);
    }

    /// <summary>
    /// The client gave up the request (reset the stream or ended the connection) when the setting was withdrawn, before the
    /// answer: one of the reactions RFC 8441 leaves open, not a harness problem; the case's verdict (INFORMATIONAL) stands.
    /// </summary>
    private static Judgement WithdrawnBeforeAnswer(CaseDefinition definition, string? lost)
    {
        var verdict = definition.Expectation.ForcedVerdict ?? Verdict.Informational;
        var how = lost is null ? "reset its stream" : $"ended the connection ({lost})";
        return new Judgement(verdict, CloseVerdict.Informational,
            $"After SETTINGS_ENABLE_CONNECT_PROTOCOL was withdrawn, the client {how} before the harness could answer: it dropped the extended CONNECT it had "
            + $"sent. Requirement ({definition.Requirement.Cited()}): {definition.Requirement.Text} The RFC does not say what the receiver then does.",
            "No WebSocket connection was opened.", false);
    }

    /// <summary>
    /// What the client sent on the stream after it had read the harness's RST_STREAM (it acknowledged the PING behind it):
    /// anything but PRIORITY is FAILED (RFC 9113 §5.1, "closed"), whatever the WebSocket's own verdict.
    /// </summary>
    private static Judgement AfterReset(Judgement judgement, ResetWatch watched)
    {
        if (!watched.Acknowledged)
        {
            return judgement with
            {
                Reason = $"{judgement.Reason} The client did not acknowledge the PING the harness sent behind its RST_STREAM (or ended the connection), "
                    + "so nothing it sent on the stream could be told apart from frames already on their way: not judged.",
            };
        }

        if (watched.FrameAfterReset is not { } frame)
        {
            return judgement with
            {
                Reason = $"{judgement.Reason} Having read the RST_STREAM (it acknowledged the PING behind it), the client sent nothing more on the stream "
                    + $"in the {watched.Watch.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s the harness watched.",
            };
        }

        return judgement with
        {
            Behavior = Verdict.Failed,
            Reason = "Expected: nothing but PRIORITY on the stream once the client has read the harness's RST_STREAM (RFC 9113 §5.1: \"An endpoint "
                + $"MUST NOT send frames other than PRIORITY on a closed stream.\"). Actual: after acknowledging the PING sent behind the reset, the client sent {frame} on it.",
        };
    }

    /// <summary>A correct 101 (:status 200 over HTTP/2) for the request, with the agreed extension, then the case's deviations.</summary>
    private static HandshakeResponseBuilder Answer(CaseDefinition definition, AcceptedClient client, DeflateAgreement? agreement)
    {
        var response = client.AcceptResponse();
        response.Set("Server", ServerHeader);
        if (agreement is not null)
        {
            response.Set(HeaderNames.SecWebSocketExtensions, agreement.Response);
        }

        var bend = definition.Response;
        if (bend.Status is { } status)
        {
            response.StatusCode = status;
        }

        if (bend.Reason is { } reason)
        {
            response.ReasonPhrase = reason;
        }

        foreach (var name in bend.Remove)
        {
            response.Remove(name);
        }

        foreach (var (name, value) in bend.Set)
        {
            response.Set(name, value);
        }

        foreach (var (name, value) in bend.Add)
        {
            response.Add(name, value);
        }

        return response;
    }

    /// <summary>
    /// Autobahn's server answers a case's client with the server-side parameters of the case's own first offer
    /// (13.2: no context takeover, 13.3: window bits 9, …); the client's offer decides the rest.
    /// </summary>
    private static DeflateAcceptPolicy AcceptPolicy(CompressionNegotiation compression)
    {
        var offers = DeflateNegotiation.ReadOffers(compression.Offers.Take(1), []);
        var first = offers.Count > 0 ? offers[0] : null;
        return new DeflateAcceptPolicy(first?.ServerNoContextTakeover ?? false, first?.ServerMaxWindowBits);
    }

    /// <summary>A case decided without serving it a WebSocket (see <see cref="WithheldConnectProtocol"/>).</summary>
    internal static CaseResult Decided(CaseDefinition definition, Target target, Judgement judgement, string transport, string requestText, TimeProvider time) =>
        Result(definition, target, judgement, new CaseClock(time), null, [], new WireLog(bulk: false), new TrafficStatistics(), null, requestText, "")
            with { Transport = transport };

    private static CaseResult Result(CaseDefinition definition, Target target, Judgement judgement, CaseClock clock,
        CloseRecord? close, IReadOnlyList<ObservedEvent> events, WireLog wireLog, TrafficStatistics statistics, string? userAgent,
        string requestText, string responseText) =>
        new(definition, target, judgement, clock.StartedAt, clock.Elapsed, close, events, wireLog.Snapshot(), wireLog.DroppedEntries, statistics,
            userAgent, requestText, responseText)
        {
            HarnessRole = Role.Server,
        };

    private static bool ExpectsAnAnswer(CaseDefinition definition) => definition.Expectation.Alternatives.Any(alternative => alternative.Events.Count > 0);
}
