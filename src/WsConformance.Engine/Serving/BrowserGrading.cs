using WsConformance.Cases.Model;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Engine.Serving;

/// <summary>
/// Grades a browser client on what it controls. A page drives a browser through its WebSocket API, which shows only
/// whole messages: the browser answers pings, replies to Close and fails connections by itself. Most cases judge exactly
/// that, and a browser is graded like any client; a case whose outcome also hangs on something the API hides from the
/// page says so and which verdicts that alone can cause (<see cref="CaseDefinition.BrowserLimit"/>).
/// </summary>
internal static class BrowserGrading
{
    /// <summary>
    /// A browser sends Origin with every WebSocket handshake (RFC 6455 §4.1: "The request MUST include a header field with
    /// the name |Origin| if the request is coming from a browser client"); libraries send it only when told to.
    /// </summary>
    public static bool IsBrowser(ParsedHandshakeRequest request) => request.HasHeader(HeaderNames.Origin);

    /// <summary>
    /// A browser that earns a verdict its case's browser limit can cause gets INFORMATIONAL instead, saying why and what
    /// the wire showed; every other verdict stands.
    /// </summary>
    public static Judgement Apply(CaseDefinition definition, ParsedHandshakeRequest request, Judgement judgement) =>
        definition.BrowserLimit is { } limit && limit.Verdicts.Contains(judgement.Behavior) && IsBrowser(request)
            ? judgement with
            {
                Behavior = Verdict.Informational,
                Reason = $"{VerdictNames.Of(judgement.Behavior)} on the wire, not graded for a browser: {limit.Why} What the wire showed: {judgement.Reason}",
            }
            : judgement;
}
