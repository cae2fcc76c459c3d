using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Engine.Transport.Http2;
using WsConformance.Protocol.Http2;

namespace WsConformance.Engine.Serving;

/// <summary>What the fuzzing server does with a <c>/runCase</c> request, as <see cref="WithheldConnectProtocol"/> decides.</summary>
internal enum WithholdingAction
{
    /// <summary>Serve the request as usual.</summary>
    Serve,

    /// <summary>Serve the case over HTTP/1.1 although its file says <c>transport: http2</c>: it is the client's fallback.</summary>
    ServeAsFallback,

    /// <summary>Nothing to serve: the request's stream was reset (refused, or taken as a malformed request).</summary>
    Refused,

    /// <summary>Answer as a control request is (a WebSocket that closes at once): the case was decided without it.</summary>
    Decided,
}

/// <summary>A case the withholding settled without serving it: its result, for <see cref="Agent"/>.</summary>
internal sealed record WithholdingSettled(string Agent, CaseDefinition Definition, Judgement Judgement, string Transport, string RequestText);

/// <summary>
/// The client case "SETTINGS_ENABLE_CONNECT_PROTOCOL never sent" (<c>withhold_connect_protocol</c>). The setting belongs to a
/// connection and comes before any request, so the case cannot be answered on the connection its request came on. The
/// harness refuses that request (RST_STREAM REFUSED_STREAM: "closed prior to any processing", so RFC 9113 §8.7 lets the client
/// retry it) and sends GOAWAY, and leaves the setting out of the next HTTP/2 connection it accepts. There the client must not
/// use extended CONNECT (RFC 9113 §5.5: extensions that change the semantics of existing protocol components "MUST be
/// negotiated before being used"; RFC 8441 §3). What it does next settles the case: an extended CONNECT on that connection is
/// FAILED; an HTTP/1.1 upgrade for the case is served as the fallback RFC 8441 allows; a request for another case, no WebSocket
/// for this one, is OK. Once settled, the connection without the setting gets GOAWAY, so later cases get a fresh one.
/// One case is withheld at a time: a client runs its cases one after another (Autobahn's protocol, the browser page).
/// </summary>
internal sealed class WithheldConnectProtocol
{
    private readonly Lock _gate = new();
    private Pending? _pending;

    /// <summary>For a new HTTP/2 connection, before its preface: true when it must leave the setting out (then <see cref="Attach"/> it).</summary>
    public bool TakeNextConnection()
    {
        lock (_gate)
        {
            if (_pending is not { Taken: false } pending)
            {
                return false;
            }

            pending.Taken = true;
            return true;
        }
    }

    /// <summary>The connection <see cref="TakeNextConnection"/> gave away; sent GOAWAY at once if the case was settled meanwhile.</summary>
    public void Attach(Http2ServerConnection connection)
    {
        lock (_gate)
        {
            if (_pending is { Taken: true, Connection: null } pending)
            {
                pending.Connection = connection;
                return;
            }
        }

        connection.GoAwayGracefully();
    }

    /// <summary>Decides a <c>/runCase</c> request for <paramref name="definition"/>; a case settled on the way is returned for recording.</summary>
    public (WithholdingAction Action, WithholdingSettled? Settled) OnCaseRequest(CaseDefinition definition, string agent, AcceptedClient client)
    {
        var connection = client.Http2?.Connection;
        WithholdingSettled? settled = null;
        Http2ServerConnection? withheld = null;
        var decision = new Decision(null, null);
        lock (_gate)
        {
            if (_pending is { } pending)
            {
                _pending = null;
                withheld = pending.Connection;
                decision = Decide(pending, definition, client);
                if (decision.Action != WithholdingAction.ServeAsFallback)
                {
                    settled = new WithholdingSettled(pending.Agent, pending.Definition, decision.Judgement ?? Unsettled(pending), pending.Transport,
                        pending.RequestText);
                }
            }

            if (decision.Action is null && definition.Response.WithholdConnectProtocol && connection is not null)
            {
                _pending = new Pending(definition, agent, client.Transport, client.Request.RawText);
                decision = new Decision(WithholdingAction.Refused, null);
            }
        }

        withheld?.GoAwayGracefully();
        if (decision.Action == WithholdingAction.Refused && connection is not null)
        {
            connection.ResetStream(client.Http2!.Stream.Id, decision.Reset);
            connection.GoAwayGracefully();
        }

        return (decision.Action ?? WithholdingAction.Serve, settled);
    }

    /// <summary>The run is over (reports written, server stopping): a case still withheld is settled on what the client did so far.</summary>
    public WithholdingSettled? SettleAtEnd()
    {
        Pending? pending;
        lock (_gate)
        {
            pending = _pending;
            _pending = null;
        }

        if (pending is null)
        {
            return null;
        }

        pending.Connection?.GoAwayGracefully();
        return new WithholdingSettled(pending.Agent, pending.Definition, Unsettled(pending), pending.Transport, pending.RequestText);
    }

    /// <summary>
    /// What a request means for the withheld case: a null action to go on deciding the request itself; a null judgement settles
    /// the case by <see cref="Unsettled"/> (the client asked for something else).
    /// </summary>
    private static Decision Decide(Pending pending, CaseDefinition definition, AcceptedClient client)
    {
        var connection = client.Http2?.Connection;
        if (connection is not null && connection == pending.Connection && IsExtendedConnect(client))
        {
            // The case's own request is malformed there, as for a server without RFC 8441; another case's is refused as
            // retryable, so it runs on the fresh connection GOAWAY leads to.
            return new Decision(WithholdingAction.Refused, UsedWithoutSetting(pending, definition),
                definition == pending.Definition ? Http2ErrorCode.ProtocolError : Http2ErrorCode.RefusedStream);
        }

        if (definition != pending.Definition)
        {
            return new Decision(null, null);
        }

        if (connection is null)
        {
            return new Decision(WithholdingAction.ServeAsFallback, null);
        }

        return new Decision(WithholdingAction.Decided, pending.Connection is null
            ? NotSetUp(pending, "it sent the request again on an HTTP/2 connection it already had, one that carries the setting")
            : Ok(pending, "It sent no extended CONNECT on the connection without the setting and asked for the case again on another HTTP/2 "
                + "connection, one that carries the setting."));
    }

    /// <summary>The result of the case served over HTTP/1.1 as the client's fallback, its reason saying how the client came to it.</summary>
    public static CaseResult AsFallback(CaseResult served, CaseDefinition definition) => served with
    {
        Case = definition,
        Judgement = served.Judgement with
        {
            Reason = "The harness refused the client's extended CONNECT (RST_STREAM REFUSED_STREAM, GOAWAY) to leave SETTINGS_ENABLE_CONNECT_PROTOCOL out of "
                + "the client's next HTTP/2 connection; the client came back with an HTTP/1.1 upgrade for the case, the fallback RFC 8441 leaves it, "
                + $"and the case ran over it. {served.Judgement.Reason}",
        },
    };

    private static bool IsExtendedConnect(AcceptedClient client) => client.Request.Method == "CONNECT";

    private static Judgement Unsettled(Pending pending) => pending.Connection is null
        ? NotSetUp(pending, "it did not send the refused request again on a new HTTP/2 connection")
        : Ok(pending, "It sent no extended CONNECT on the connection without the setting and opened no WebSocket for the case: its next "
            + "request, if any, was for something else.");

    private static Judgement UsedWithoutSetting(Pending pending, CaseDefinition requested) =>
        new(Verdict.Failed, CloseVerdict.Failed,
            $"Expected: on an HTTP/2 connection whose SETTINGS never carried SETTINGS_ENABLE_CONNECT_PROTOCOL, no extended CONNECT — an HTTP/1.1 "
            + $"upgrade instead, or no WebSocket. Actual: the client sent an extended CONNECT on that connection, for "
            + (requested == pending.Definition ? "this case" : $"case {requested.Id}")
            + "; the harness answered RST_STREAM PROTOCOL_ERROR, as a server without RFC 8441 would take the request (malformed). "
            + Requirement(pending.Definition),
            "No WebSocket connection was opened.", false);

    private static Judgement Ok(Pending pending, string what) =>
        new(Verdict.Ok, CloseVerdict.Ok, $"{Refused(pending)} {what} {Requirement(pending.Definition)}", "No WebSocket connection was opened.", false);

    private static Judgement NotSetUp(Pending pending, string why) =>
        new(Verdict.Unimplemented, CloseVerdict.Ok,
            $"{Refused(pending)} The case could not be set up: {why}, so no connection without the setting was put to the client.",
            "No WebSocket connection was opened.", false);

    private static string Refused(Pending pending) =>
        "The harness refused the client's extended CONNECT (RST_STREAM REFUSED_STREAM, GOAWAY) to leave SETTINGS_ENABLE_CONNECT_PROTOCOL out of "
        + "the client's next HTTP/2 connection.";

    private static string Requirement(CaseDefinition definition) => $"Requirement ({definition.Requirement.Cited()}): {definition.Requirement.Text}";

    /// <param name="Reset">For <see cref="WithholdingAction.Refused"/>: the code the request's stream is reset with.</param>
    private readonly record struct Decision(WithholdingAction? Action, Judgement? Judgement, Http2ErrorCode Reset = Http2ErrorCode.RefusedStream);

    private sealed class Pending(CaseDefinition definition, string agent, string transport, string requestText)
    {
        public CaseDefinition Definition { get; } = definition;

        public string Agent { get; } = agent;

        /// <summary>How the request that was refused came (h2c or TLS).</summary>
        public string Transport { get; } = transport;

        public string RequestText { get; } = requestText;

        /// <summary>A new connection was told to leave the setting out.</summary>
        public bool Taken { get; set; }

        /// <summary>That connection, once it exists.</summary>
        public Http2ServerConnection? Connection { get; set; }
    }
}
