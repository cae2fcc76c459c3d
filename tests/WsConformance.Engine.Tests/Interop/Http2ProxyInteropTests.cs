using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Engine.Tests.BrokenServers;
using WsConformance.TestServers.External;

namespace WsConformance.Engine.Tests.Interop;

/// <summary>
/// The catalog over HTTP/2 through a real RFC 8441 front end (nghttpx, HAProxy) in front of Node ws gets the verdicts
/// Node ws gets over HTTP/1.1 directly, case by case: the proxy's RFC 8441 side carries the WebSocket without changing
/// what it says. HAProxy told not to advertise the setting is the negative control: UNIMPLEMENTED, never FAILED.
/// </summary>
public sealed class Http2ProxyInteropTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Node ws offers no permessage-deflate: sections 12 and 13 would only be UNIMPLEMENTED; h2 has no HTTP/1.1 counterpart.</summary>
    private static readonly string[] Excluded = ["12.*", "13.*", "h2.*"];

    [Http2FrontEndFact(Http2Proxy.Nghttpx)]
    public Task Nghttpx_in_front_of_node_ws_gives_node_ws_verdicts() =>
        AssertProxyGivesBackendVerdicts(backend => Http2FrontEnd.StartNghttpxAsync(backend, CancellationToken.None));

    [Http2FrontEndFact(Http2Proxy.Haproxy)]
    public Task Haproxy_in_front_of_node_ws_gives_node_ws_verdicts() =>
        AssertProxyGivesBackendVerdicts(backend => Http2FrontEnd.StartHaproxyAsync(backend, advertiseExtendedConnect: true, CancellationToken.None));

    [Http2FrontEndFact(Http2Proxy.Haproxy)]
    public async Task Haproxy_without_the_setting_leaves_every_case_unimplemented_not_failed()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var nodeWs = await ExternalEchoServer.StartNodeWsAsync(timeout.Token);
        await using var proxy = await Http2FrontEnd.StartHaproxyAsync(nodeWs.Uri, advertiseExtendedConnect: false, timeout.Token);

        var results = await CatalogRun.RunAsync(CatalogRun.Select(["1.1.1", "2.1", "7.1.1"]), proxy.Uri, CatalogRun.Options with { Http2 = true }, timeout.Token);

        Assert.Equal(3, results.Count);
        Assert.All(results, result =>
        {
            Assert.Equal(Verdict.Unimplemented, result.Judgement.Behavior);
            Assert.Contains("SETTINGS_ENABLE_CONNECT_PROTOCOL", result.Judgement.Result, StringComparison.Ordinal);
        });
    }

    private static async Task AssertProxyGivesBackendVerdicts(Func<Uri, Task<Http2FrontEnd>> startProxy)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var nodeWs = await ExternalEchoServer.StartNodeWsAsync(timeout.Token);
        await using var proxy = await startProxy(nodeWs.Uri);
        var cases = CatalogRun.Select([], Excluded);
        var overHttp2 = cases.Except(Http2Applicability.Http11Only(cases)).ToList();

        var direct = await CatalogRun.RunAsync(cases, nodeWs.Uri, CatalogRun.Options, timeout.Token);
        var proxied = await CatalogRun.RunAsync(overHttp2, proxy.Uri, CatalogRun.Options with { Http2 = true }, timeout.Token);

        Assert.All(proxied, result => Assert.Equal(Transports.Http2Cleartext, result.Transport));
        var differences = CatalogRun.VerdictDifferences(proxied, direct, CatalogRun.IsServerRace);
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    /// <summary>
    /// The h2 section through nghttpx 1.52 (apt nghttp2-proxy) in front of Node ws, as observed on 2026-12-04: malformed
    /// requests are reset with PROTOCOL_ERROR, an unknown :protocol gets 400, END_STREAM on the CONNECT is accepted, flow
    /// control and three WebSockets on one connection work. h2.8 is
    /// a deviation: with sec-websocket-key in the extended CONNECT the WebSocket is refused (Node ws's 400 passed through;
    /// against a backend that answers nghttpx's own key correctly, nghttpx answers 502), although RFC 8441 §5 says the key is
    /// not processed over HTTP/2.
    /// </summary>
    [Http2FrontEndFact(Http2Proxy.Nghttpx)]
    public async Task Nghttpx_in_front_of_node_ws_on_the_h2_section()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var nodeWs = await ExternalEchoServer.StartNodeWsAsync(timeout.Token);
        await using var proxy = await Http2FrontEnd.StartNghttpxAsync(nodeWs.Uri, timeout.Token);

        var results = await CatalogRun.RunAsync(CatalogRun.Select(["h2.*"]), proxy.Uri, CatalogRun.Options with { Http2 = true }, timeout.Token);

        var verdicts = results.Select(r => $"{r.Case.Id} {VerdictNames.Of(r.Behavior)}").Order(StringComparer.Ordinal);
        Assert.Equal(
            ["h2.1 OK", "h2.10 OK", "h2.11 OK", "h2.12 OK", "h2.13 OK", "h2.2 OK", "h2.3 OK", "h2.4 OK", "h2.5 OK", "h2.6 OK", "h2.7 INFORMATIONAL", "h2.8 NON-STRICT", "h2.9 OK"],
            verdicts);
    }

    /// <summary>
    /// The h2 section through HAProxy 2.6.12 (apt haproxy) in front of Node ws, as observed on 2026-12-04. h2.3 is a
    /// deviation: a GET carrying :protocol is not treated as malformed (RFC 9113 §8.3 MUST, §8.1.1: a stream error of type
    /// PROTOCOL_ERROR) but forwarded to the backend as a plain GET, whose 426 (Node's "Upgrade Required", with its date and
    /// content-length) comes back: refused, so NON-STRICT, not FAILED. The rest matches nghttpx but for h2.8, which HAProxy
    /// passes: with sec-websocket-key in the extended CONNECT the WebSocket still opens and echoes.
    /// </summary>
    [Http2FrontEndFact(Http2Proxy.Haproxy)]
    public async Task Haproxy_in_front_of_node_ws_on_the_h2_section()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var nodeWs = await ExternalEchoServer.StartNodeWsAsync(timeout.Token);
        await using var proxy = await Http2FrontEnd.StartHaproxyAsync(nodeWs.Uri, advertiseExtendedConnect: true, timeout.Token);

        var results = await CatalogRun.RunAsync(CatalogRun.Select(["h2.*"]), proxy.Uri, CatalogRun.Options with { Http2 = true }, timeout.Token);

        var verdicts = results.Select(r => $"{r.Case.Id} {VerdictNames.Of(r.Behavior)}").Order(StringComparer.Ordinal);
        Assert.Equal(
            ["h2.1 OK", "h2.10 OK", "h2.11 OK", "h2.12 OK", "h2.13 OK", "h2.2 OK", "h2.3 NON-STRICT", "h2.4 OK", "h2.5 OK", "h2.6 OK", "h2.7 INFORMATIONAL", "h2.8 OK", "h2.9 OK"],
            verdicts);
        Assert.Contains("status 426", CatalogRun.Find(results, "h2.3").Judgement.Result, StringComparison.Ordinal);
    }
}
