using WsConformance.Cases.Model;
using WsConformance.Engine.Transport;
using WsConformance.Protocol.Http2;

namespace WsConformance.Engine.Judging;

/// <summary>
/// Grades the answer to a deliberately bent opening handshake against a case's accepted answers. A refusal
/// settles the case; an accepted handshake that the case accepts lets its steps run as usual.
/// </summary>
public static class HandshakeJudge
{
    private const int SwitchingProtocols = 101;

    /// <summary>The verdict, or a null judgement when the handshake was accepted as the case wants and the steps decide.</summary>
    public sealed record Outcome(Judgement? Judgement);

    public static Outcome Evaluate(CaseDefinition definition, IReadOnlyList<HandshakeAlternative> alternatives, ConnectResult connect)
    {
        if (connect.Outcome is ConnectOutcome.ConnectFailed or ConnectOutcome.TlsFailed)
        {
            return new Outcome(Judge.HandshakeError($"{connect.Outcome}: {connect.Detail}"));
        }

        if (connect.TransportUnsupported)
        {
            return new Outcome(Judge.TransportUnsupported(connect.Detail));
        }

        // A 101 that breaks §4.2.2 (wrong accept, unoffered subprotocol…) is neither: it matches no alternative. A
        // connection closed without an answer is a refusal (the server answers valid requests: the run checked);
        // silence is not, it is a harness ERROR (the caller never asks about it).
        var accepted = connect.Outcome == ConnectOutcome.Open;
        var refused = !accepted && connect.Response?.StatusCode != SwitchingProtocols
            && (connect.Response is not null || connect.Outcome == ConnectOutcome.ClosedDuringHandshake);
        foreach (var alternative in alternatives)
        {
            if (alternative.Accepted && accepted)
            {
                return new Outcome(alternative.Verdict == Verdict.Ok ? null : Settled(alternative.Verdict, "The server accepted the handshake.", true));
            }

            if (!alternative.Accepted && refused && StatusMatches(alternative, connect) && HeadersMatch(alternative, connect) && ResetMatches(alternative, connect))
            {
                return new Outcome(Settled(alternative.Verdict, $"The server refused the handshake: {Actual(connect)}.", true));
            }
        }

        var (verdict, reason) = Judge.CapByLevel(definition, Verdict.Failed, "The answer matches no accepted one.");
        return new Outcome(Settled(verdict, reason, false) with
        {
            Evidence = new Evidence(definition.Requirement, alternatives.Select(a => new ExpectedOutcome(a.Verdict, Describe(a, definition.Http2 is not null))).ToList(), [Actual(connect)]),
        });
    }

    private static Judgement Settled(Verdict verdict, string result, bool closeAsExpected) =>
        new(verdict, closeAsExpected ? CloseVerdict.Ok : CloseVerdict.Failed, result,
            closeAsExpected ? "The opening handshake ended as the case expects." : "The opening handshake did not end as the case expects.", false);

    private static bool StatusMatches(HandshakeAlternative alternative, ConnectResult connect) =>
        alternative.Statuses.Count == 0 || (connect.Response is { } response && alternative.Statuses.Contains(response.StatusCode));

    /// <summary>An alternative that names reset codes matches only the server's RST_STREAM with one of them (no response at all).</summary>
    private static bool ResetMatches(HandshakeAlternative alternative, ConnectResult connect) =>
        alternative.Resets.Count == 0 || (connect.Response is null && connect.ServerResetCode is { } code && alternative.Resets.Contains(code));

    private static bool HeadersMatch(HandshakeAlternative alternative, ConnectResult connect) =>
        alternative.RequiredHeaders.All(required => connect.Response is { } response
            && response.GetValues(required.Key).Any()
            && (required.Value.Length == 0 || response.GetTokens(required.Key).Contains(required.Value, StringComparer.OrdinalIgnoreCase)));

    private static string Actual(ConnectResult connect)
    {
        if (connect.Response is not { } response)
        {
            return connect.ServerResetCode is { } code
                ? $"RST_STREAM {Http2ErrorCodeNames.Name(code)} instead of a response"
                : $"no HTTP response ({connect.Outcome}: {EventText.Quote(connect.Detail)})";
        }

        var violations = connect.Violations.Count == 0 ? "" : $" ({string.Join("; ", connect.Violations.Select(v => v.Detail))})";
        return $"status {response.StatusCode} {EventText.Quote(response.ReasonPhrase)}{violations}";
    }

    private static string Describe(HandshakeAlternative alternative, bool overHttp2)
    {
        if (alternative.Accepted)
        {
            return overHttp2 ? "accepted with a valid 2xx (RFC 8441 §5)" : "accepted with a valid 101";
        }

        var statuses = alternative.Resets.Count > 0 ? "refused with RST_STREAM " + string.Join(" or ", alternative.Resets.Select(Http2ErrorCodeNames.Name))
            : alternative.Statuses.Count == 0 ? "any refusal" : "refused with status " + string.Join(" or ", alternative.Statuses);
        var headers = alternative.RequiredHeaders.Count == 0 ? "" : " and header(s) " + string.Join(", ", alternative.RequiredHeaders.Select(h => $"{h.Key}: {h.Value}"));
        return statuses + headers;
    }
}
