using WsConformance.Cases.Model;
using WsConformance.Engine.Serving;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Engine.Tests.Serving;

/// <summary>A browser is not graded on what its WebSocket API hides from the page, and graded like any client on the rest.</summary>
public sealed class BrowserGradingTests
{
    private const string Origin = "http://127.0.0.1:9001";
    private static readonly BrowserLimit EchoLost = new([Verdict.NonStrict], "The page cannot echo before the browser fails the connection.");
    private static readonly Judgement NoEcho = new(Verdict.NonStrict, CloseVerdict.Ok, "Expected the echo, got nothing.", "closed cleanly", Slow: false);

    [Fact]
    public void A_browser_earning_a_verdict_its_case_limit_can_cause_is_informational_with_why_and_what_the_wire_showed()
    {
        var graded = BrowserGrading.Apply(Case(EchoLost), Request(Origin), NoEcho);

        Assert.Equal(Verdict.Informational, graded.Behavior);
        Assert.Equal(CloseVerdict.Ok, graded.BehaviorClose);
        Assert.StartsWith("NON-STRICT on the wire", graded.Result, StringComparison.Ordinal);
        Assert.Contains(EchoLost.Why, graded.Result, StringComparison.Ordinal);
        Assert.Contains(NoEcho.Result, graded.Result, StringComparison.Ordinal);
    }

    [Fact]
    public void A_verdict_the_limit_cannot_cause_stands_for_a_browser()
    {
        var pongAfterFailing = NoEcho with { Behavior = Verdict.Failed, Reason = "A pong after the invalid frame." };

        Assert.Equal(pongAfterFailing, BrowserGrading.Apply(Case(EchoLost), Request(Origin), pongAfterFailing));
        Assert.Equal(NoEcho with { Behavior = Verdict.Ok }, BrowserGrading.Apply(Case(EchoLost), Request(Origin), NoEcho with { Behavior = Verdict.Ok }));
    }

    [Fact]
    public void A_library_client_without_origin_is_graded_as_before_even_in_a_case_with_a_browser_limit()
    {
        Assert.Equal(NoEcho, BrowserGrading.Apply(Case(EchoLost), Request(origin: null), NoEcho));
    }

    [Fact]
    public void A_browser_is_graded_like_any_client_on_a_case_without_a_browser_limit()
    {
        Assert.Equal(NoEcho, BrowserGrading.Apply(Case(limit: null), Request(Origin), NoEcho));
    }

    private static CaseDefinition Case(BrowserLimit? limit) => ServeRun.Select("3.2")[0] with { BrowserLimit = limit };

    private static ParsedHandshakeRequest Request(string? origin)
    {
        List<KeyValuePair<string, string>> headers = [new("Host", "127.0.0.1:9001"), new("Upgrade", "websocket")];
        if (origin is not null)
        {
            headers.Add(new(HeaderNames.Origin, origin));
        }

        return new ParsedHandshakeRequest("GET", "/runCase?case=1&agent=a", "HTTP/1.1", headers, "");
    }
}
