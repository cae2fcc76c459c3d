using WsConformance.Cases.Model;
using WsConformance.Engine.Judging;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Engine.Serving;

/// <summary>
/// Grades a browser client on what it controls. A page drives a browser through its WebSocket API, which shows only
/// whole messages: the browser answers pings, replies to Close and fails connections by itself. Most cases judge exactly
/// that, and a browser is graded like any client; a case whose outcome also hangs on something the API hides from the
/// page says so (<see cref="CaseDefinition.BrowserLimit"/>), and there a browser is never FAILED.
/// </summary>
internal static class BrowserGrading
{
    /// <summary>
    /// A browser sends Origin with every WebSocket handshake (RFC 6455 §4.1: "The request MUST include a header field with
    /// the name |Origin| if the request is coming from a browser client"); libraries send it only when told to.
    /// </summary>
    public static bool IsBrowser(ParsedHandshakeRequest request) => request.HasHeader(HeaderNames.Origin);

    /// <summary>A FAILED of a browser in a case with a browser limit becomes INFORMATIONAL, saying why and what the wire showed.</summary>
    public static Judgement Apply(CaseDefinition definition, ParsedHandshakeRequest request, Judgement judgement) =>
        definition.BrowserLimit is { } limit && judgement.Behavior == Verdict.Failed && IsBrowser(request)
            ? judgement with
            {
                Behavior = Verdict.Informational,
                Result = $"Not graded for a browser: {limit} On the wire: {judgement.Result}",
            }
            : judgement;
}
