using WsConformance.Cases.Model;
using WsConformance.Engine.Judging;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Session;
using WsConformance.Engine.Timing;
using WsConformance.Engine.Transport;
using WsConformance.Engine.Transport.Http2;
using WsConformance.Protocol;
using WsConformance.Protocol.Compression;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Engine.Running;

/// <summary>
/// Runs one case against one target: a fresh connection, the opening handshake through the reference codec,
/// the steps, then the judge once TCP is gone. Every case is bounded by its own deadline.
/// </summary>
public static class CaseRunner
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan OpenHandshakeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Bound on all sibling streams of a case together (<see cref="Http2Siblings"/>), scaled like every timer.</summary>
    private static readonly TimeSpan SiblingsTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The longest pause after a chopped frame (see <see cref="FrameGapFor"/>).</summary>
    private static readonly TimeSpan LongestFrameGap = TimeSpan.FromMilliseconds(100);

    public static Task<CaseResult> RunAsync(CaseDefinition definition, Target target, RunOptions options, CancellationToken cancellationToken) =>
        RunAsync(definition, target, options, sliceCache: null, onConnected: null, cancellationToken);

    /// <param name="sliceCache">Compressed slices shared by the cases of a run (<see cref="ConformanceRun"/>); null compresses every message here.</param>
    /// <param name="onConnected">Told how the connection attempts went, so the run can pace the server and notice it going away.</param>
    internal static async Task<CaseResult> RunAsync(CaseDefinition definition, Target target, RunOptions options, CompressedSliceCache? sliceCache,
        Action<PatientConnector.Outcome>? onConnected, CancellationToken cancellationToken)
    {
        using var lease = sliceCache?.Lease(definition);
        var clock = new CaseClock(options.TimeProvider);
        if (Http2Applicability.WhyNotCarried(definition, options.Http2) is { } notCarried)
        {
            return new CaseResult(definition, target, Judge.NotOnThisTransport(notCarried), clock.StartedAt, TimeSpan.Zero, null, [], [], 0,
                new TrafficStatistics(), null, "", null) { Transport = Transports.For(target.Uri, options.Http2) };
        }

        var request = HandshakeFactory.Create(target.Uri, definition.Handshake, options, definition.Compression);
        var transport = new TransportOptions(Scale(ConnectTimeout, options), Scale(OpenHandshakeTimeout, options), options.AcceptAnyCertificate, options.ServerName, options.TrustedRoots)
        {
            TimeProvider = options.TimeProvider,
            Http2 = options.Http2,
            Http2Request = definition.Http2,
        };
        var attempts = await PatientConnector.ConnectAsync(target.Uri, request, transport, TimeSpan.FromSeconds(options.TimeoutScale), cancellationToken);
        onConnected?.Invoke(attempts);
        var connect = attempts.Result;
        var statistics = new TrafficStatistics();
        var wireLog = new WireLog(bulk: definition.BulkTraffic);
        var responseText = connect.Response?.RawText;
        var requestText = connect.SentRequestText ?? request.ToText();
        var carriedBy = Transports.For(target.Uri, options.Http2);
        var serverHeader = connect.Response?.GetValues("Server").FirstOrDefault();

        if (definition.Expectation.HandshakeAlternatives is { } handshakeAlternatives && connect.Outcome != ConnectOutcome.HandshakeTimeout)
        {
            var handshake = HandshakeJudge.Evaluate(definition, handshakeAlternatives, connect);
            if (handshake.Judgement is { } settled)
            {
                await DisposeAsync(connect);
                return new CaseResult(definition, target, settled, clock.StartedAt, clock.Elapsed, null, [], wireLog.Snapshot(), 0, statistics,
                    serverHeader, requestText, responseText) { TimerDecided = attempts.NoAnswer, Transport = carriedBy };
            }
        }

        if (connect.Outcome != ConnectOutcome.Open || connect.Connection is null)
        {
            await DisposeAsync(connect);
            var notOpen = connect.TransportUnsupported ? Judge.TransportUnsupported(connect.Detail)
                : attempts.NoAnswer || connect.Outcome == ConnectOutcome.TlsFailed
                ? Judge.HandshakeError($"{Describe(connect)} (after {attempts.Attempts} attempt(s))")
                : Judge.InvalidHandshakeResponse(Describe(connect));
            return new CaseResult(definition, target, notOpen, clock.StartedAt, clock.Elapsed, null, [], [], 0,
                statistics, serverHeader, requestText, responseText) { TimerDecided = attempts.NoAnswer, Transport = carriedBy };
        }

        var negotiation = Negotiate(definition, connect.Response!);
        if (negotiation is { Violations.Count: > 0 })
        {
            await DisposeAsync(connect);
            var invalid = Judge.InvalidHandshakeResponse(string.Join("; ", negotiation.Violations.Select(v => $"{v.Detail} ({v.RfcSection})")));
            return new CaseResult(definition, target, invalid, clock.StartedAt, clock.Elapsed, null, [], [], 0, statistics, serverHeader, requestText, responseText)
            {
                Transport = carriedBy,
            };
        }

        var declinedVerdict = negotiation is { Declined: true } ? definition.Compression!.WhenDeclined : null;
        if (negotiation?.Agreement is { } agreement)
        {
            wireLog.Add(new NoteEntry(clock.Elapsed, $"permessage-deflate agreed: {agreement.Response}"));
        }

        if (definition.Http2?.HoldWindows is { } hold && connect.Connection.Stream is Http2WebSocketStream held)
        {
            held.Connection.HoldWindowsFor(Scale(hold, options));
            wireLog.Add(new NoteEntry(clock.Elapsed, $"HTTP/2: the harness sends no WINDOW_UPDATE for {Scale(hold, options).TotalMilliseconds:0} ms."));
        }

        if (definition.Http2 is { Siblings: > 0 } http2 && connect.Connection.Stream is Http2WebSocketStream main)
        {
            var siblings = await Http2Siblings.RunAsync(main, Http2RequestFields.From(target.Uri, request), http2, Scale(SiblingsTimeout, options),
                options.TimeProvider, cancellationToken);
            foreach (var note in siblings.Notes)
            {
                wireLog.Add(new NoteEntry(clock.Elapsed, note));
            }

            if (siblings.NotApplicable is { } notApplicable)
            {
                await DisposeAsync(connect);
                var unimplemented = new Judgement(Verdict.Unimplemented, CloseVerdict.Ok, $"The server cannot carry this case's streams: {notApplicable}.",
                    "The case's own WebSocket was not used.", false);
                return new CaseResult(definition, target, unimplemented, clock.StartedAt, clock.Elapsed, null, [], wireLog.Snapshot(), wireLog.DroppedEntries,
                    statistics, serverHeader, requestText, responseText) { Transport = carriedBy };
            }

            if (siblings.Failure is { } failure)
            {
                await DisposeAsync(connect);
                return new CaseResult(definition, target, SiblingsJudgement(definition, http2, failure, siblings.Slow), clock.StartedAt, clock.Elapsed, null, [],
                    wireLog.Snapshot(), wireLog.DroppedEntries, statistics, serverHeader, requestText, responseText) { Transport = carriedBy };
            }
        }

        var sessionOptions = CaseDriver.SessionOptionsFor(definition, options, Role.Client);
        sessionOptions = sessionOptions with { ChoppedFrameGap = FrameGapFor(sessionOptions.ChoppedFrameGap, attempts.Latency) };
        await using var session = new CaseSession(connect.Connection, sessionOptions,
            new ExpectationMonitor(definition.Expectation), wireLog, statistics, clock, negotiation?.Agreement);
        var (events, close, slow, timing) = await CaseDriver.DriveAsync(definition, session, lease, options, declined: declinedVerdict is not null, cancellationToken);
        var judgement = Judge.Evaluate(definition, events, close, slow, ranOutOfTimeAt: timing.RanOutOfTimeAt);
        if (declinedVerdict is { } verdict)
        {
            judgement = judgement with { Behavior = verdict, Reason = $"The server declined every permessage-deflate offer ({definition.Compression!.HeaderValue})." };
        }

        return new CaseResult(definition, target, judgement, clock.StartedAt, clock.Elapsed, close, events, wireLog.Snapshot(), wireLog.DroppedEntries,
            statistics, serverHeader, requestText, responseText) { TimerDecided = timing.TimerDecided, Transport = carriedBy };
    }

    /// <summary>
    /// The pause after a chopped frame models Autobahn's idle server, which has acted on a complete frame before the
    /// next one's first byte arrives. A server that took long for this case's opening handshake (a busy machine) takes
    /// as long for a frame, so the pause grows to twice that handshake, up to <see cref="LongestFrameGap"/>: a race
    /// between the server's echo and the next frame must not be decided by the machine's load.
    /// </summary>
    private static TimeSpan? FrameGapFor(TimeSpan? gap, TimeSpan handshakeLatency)
    {
        if (gap is not { } least)
        {
            return null;
        }

        var fitting = handshakeLatency * 2;
        return fitting < least ? least : fitting > LongestFrameGap ? LongestFrameGap : fitting;
    }

    /// <summary>A sibling stream the server refused or stopped serving (FAILED, or NON-STRICT for a SHOULD), or a server that was only slow.</summary>
    private static Judgement SiblingsJudgement(CaseDefinition definition, Http2Overrides http2, string failure, bool slow)
    {
        var expected = $"{http2.Siblings} more WebSocket(s) on the same HTTP/2 connection open with a 2xx and echo"
            + (http2.SiblingEnd == SiblingEnd.None ? "" : $"; after {Http2Siblings.Describe(http2.SiblingEnd)} on the first, the others still echo");
        var (verdict, reason) = slow
            ? (Verdict.Slow, $"The server was slow: {failure}.")
            : Judge.CapByLevel(definition, Verdict.Failed, $"Many WebSockets on one connection: {failure}.");
        return new Judgement(verdict, slow ? CloseVerdict.Ok : CloseVerdict.Failed, reason, "The case's own WebSocket was not used.", slow)
        {
            Evidence = new Evidence(definition.Requirement, [new ExpectedOutcome(Verdict.Ok, expected)], [failure]),
        };
    }

    /// <summary>The server's permessage-deflate answer checked against the case's offers; null when the case offers none.</summary>
    private static DeflateNegotiationResult? Negotiate(CaseDefinition definition, HandshakeResponse response) =>
        definition.Compression is { } compression
            ? DeflateNegotiation.EvaluateResponse([compression.HeaderValue], response.GetValues(HeaderNames.SecWebSocketExtensions))
            : null;

    private static async Task DisposeAsync(ConnectResult connect)
    {
        if (connect.Connection is { } connection)
        {
            await connection.DisposeAsync();
        }
    }

    private static string Describe(ConnectResult connect) =>
        connect.Violations.Count == 0
            ? $"{connect.Outcome}: {connect.Detail}"
            : $"{connect.Outcome}: {string.Join("; ", connect.Violations.Select(v => $"{v.Detail} ({v.RfcSection})"))}";

    private static TimeSpan Scale(TimeSpan duration, RunOptions options) => TimeSpan.FromTicks((long)(duration.Ticks * options.TimeoutScale));
}
