using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Engine.Serving;
using WsConformance.Engine.Tests.BrokenServers;
using WsConformance.TestServers;
using Xunit.Abstractions;

namespace WsConformance.Engine.Tests.Serving;

/// <summary>
/// http2-response.5: the harness refuses the case's extended CONNECT and leaves SETTINGS_ENABLE_CONNECT_PROTOCOL out of the
/// client's next HTTP/2 connection. Each client runs the case and then 1.1.1, one after another as client drivers do; 1.1.1
/// must then be served over HTTP/2 again (the connection without the setting got GOAWAY once the case was settled).
/// </summary>
[Collection(BrokenServerCollection.Name)]
public sealed class Http2WithheldSettingTests(ITestOutputHelper output)
{
    private const string Withheld = "http2-response.5";
    private const string Next = "1.1.1";

    /// <summary>The codec's client: ignoring the setting it sends its extended CONNECT there (FAILED); correct, it opens no WebSocket (OK).</summary>
    [Theory]
    [InlineData(Http2ClientFlaw.IgnoresTheSetting, Verdict.Failed, "Actual: the client sent an extended CONNECT on that connection, for this case")]
    [InlineData(Http2ClientFlaw.None, Verdict.Ok, "It sent no extended CONNECT on the connection without the setting")]
    public async Task A_client_that_sends_extended_CONNECT_on_a_connection_without_the_setting_is_FAILED(Http2ClientFlaw flaw, Verdict expected, string because)
    {
        var (withheld, next) = await RunAsync((url, token) => Http2CodecClient.RunAsync(url, flaw, token));

        Assert.Equal(expected, withheld.Behavior);
        Assert.Contains(because, withheld.Judgement.Reason, StringComparison.Ordinal);
        Assert.Equal(Transports.Http2Cleartext, next.Transport);
    }

    /// <summary>ClientWebSocket with RequestVersionExact over h2c: it retries the refused request, finds no setting and gives up.</summary>
    [Fact]
    public async Task ClientWebSocket_that_may_not_fall_back_opens_no_WebSocket_and_is_OK()
    {
        var (withheld, next) = await RunAsync((url, token) => ClientWebSocketEcho.RunOverHttp2Async(url, null, token));

        Assert.Equal(Verdict.Ok, withheld.Behavior);
        Assert.Equal(Transports.Http2Cleartext, next.Transport);
    }

    /// <summary>ClientWebSocket with RequestVersionOrLower over TLS: it falls back to an HTTP/1.1 upgrade, and the case runs there.</summary>
    [Fact]
    public async Task ClientWebSocket_that_may_fall_back_runs_the_case_over_HTTP_1_1_and_is_OK()
    {
        using var certificate = TestCertificates.CreateSelfSigned();
        var (withheld, next) = await RunAsync(
            (url, token) => ClientWebSocketEcho.RunOverHttp2Async(url, certificate, token, HttpVersionPolicy.RequestVersionOrLower),
            certificate);

        Assert.Equal(Verdict.Ok, withheld.Behavior);
        Assert.Equal(Transports.Http11, withheld.Transport);
        Assert.Contains("the client came back with an HTTP/1.1 upgrade", withheld.Judgement.Reason, StringComparison.Ordinal);
        Assert.Equal(Transports.Http2Tls, next.Transport);
    }

    /// <summary>
    /// A client that does not send the refused request again, when the run then ends, never met the connection without the
    /// setting: not judged, saying why. (Had it gone on, its next HTTP/2 connection would have been taken for that one: the
    /// harness cannot tell a retry from a next case, which is why the case needs a client's cases one after another.)
    /// </summary>
    [Fact]
    public async Task A_client_that_does_not_retry_the_refused_request_leaves_the_case_UNIMPLEMENTED_when_the_run_ends()
    {
        var cases = ServeRun.Select(Withheld);
        var server = ServeRun.Start(cases, configure: o => o with { Http2 = true });
        await using (server)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await Http2CodecClient.RunAsync(ServeRun.CaseUrl(server, cases[0]), Http2ClientFlaw.None, timeout.Token, retryRefused: false);
        }

        var withheld = CatalogRun.Find(server.Results.Snapshot([Withheld]), Withheld);
        output.WriteLine(CatalogRun.Describe([withheld]));
        Assert.Equal(Verdict.Unimplemented, withheld.Behavior);
        Assert.Contains("it did not send the refused request again on a new HTTP/2 connection", withheld.Judgement.Reason, StringComparison.Ordinal);
    }

    /// <summary>Runs the withheld case, then the next one, with <paramref name="client"/>; returns both results.</summary>
    private async Task<(CaseResult Withheld, CaseResult Next)> RunAsync(Func<Uri, CancellationToken, Task> client,
        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var cases = ServeRun.Select(Withheld, Next);
        await using var server = ServeRun.Start(cases, configure: o => o with { Http2 = true, Certificate = certificate });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var id in new[] { Withheld, Next })
        {
            await client(ServeRun.CaseUrl(server, cases.Single(c => c.Id == id)), timeout.Token);
        }

        // The next case settles the withheld one; it is judged once its own connection is gone.
        await server.Results.WaitForAsync(ServeRun.Agent, Next, timeout.Token);
        var results = server.Results.Snapshot([Withheld, Next]);
        output.WriteLine(CatalogRun.Describe(results));
        var next = CatalogRun.Find(results, Next);
        Assert.Equal(Verdict.Ok, next.Behavior);
        return (CatalogRun.Find(results, Withheld), next);
    }
}
