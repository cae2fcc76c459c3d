using WsConformance.Cases.Model;
using WsConformance.Engine.Judging;
using WsConformance.Engine.Serving;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Engine.Tests.Serving;

/// <summary>A browser is never FAILED on what its WebSocket API hides from the page, and graded like any client on the rest.</summary>
public sealed class BrowserGradingTests
{
    private const string Limit = "The page cannot echo a message the browser hands over after it answered the Close behind it.";
    private static readonly Judgement Failed = new(Verdict.Failed, CloseVerdict.Ok, "Expected the echo, got nothing.", "closed cleanly", Slow: false);

    [Fact]
    public void A_browser_failing_a_case_with_a_browser_limit_is_informational_with_the_limit_and_what_the_wire_showed()
    {
        var graded = BrowserGrading.Apply(Case(Limit), Request(origin: "http://127.0.0.1:9001"), Failed);

        Assert.Equal(Verdict.Informational, graded.Behavior);
        Assert.Equal(CloseVerdict.Ok, graded.BehaviorClose);
        Assert.Contains(Limit, graded.Result, StringComparison.Ordinal);
        Assert.Contains(Failed.Result, graded.Result, StringComparison.Ordinal);
    }

    [Fact]
    public void A_library_client_without_origin_is_graded_as_before_even_in_a_case_with_a_browser_limit()
    {
        Assert.Equal(Failed, BrowserGrading.Apply(Case(Limit), Request(origin: null), Failed));
    }

    [Fact]
    public void A_browser_is_failed_on_a_case_without_a_browser_limit()
    {
        Assert.Equal(Failed, BrowserGrading.Apply(Case(limit: null), Request(origin: "http://127.0.0.1:9001"), Failed));
    }

    [Theory]
    [InlineData(Verdict.Ok)]
    [InlineData(Verdict.NonStrict)]
    [InlineData(Verdict.Unimplemented)]
    public void Verdicts_other_than_failed_stand_for_a_browser(Verdict verdict)
    {
        var judgement = Failed with { Behavior = verdict };

        Assert.Equal(judgement, BrowserGrading.Apply(Case(Limit), Request(origin: "http://127.0.0.1:9001"), judgement));
    }

    private static CaseDefinition Case(string? limit) => ServeRun.Select("7.1.1")[0] with { BrowserLimit = limit };

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
