using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Engine.Tests.BrokenServers;
using WsConformance.TestServers.External;

namespace WsConformance.Engine.Tests.Interop;

/// <summary>
/// Node's own http2 module serving RFC 8441 with Node ws on each stream (tests/interop/ws-http2-echo.js), over h2c, gets
/// the verdicts Node ws gets over HTTP/1.1, case by case: the harness's HTTP/2 client works with a second, independent
/// server implementation of RFC 8441 (nghttpx and HAProxy are proxies, Kestrel is the other server).
/// </summary>
public sealed class NodeHttp2InteropTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Node ws offers no permessage-deflate: sections 12 and 13 would only be UNIMPLEMENTED; h2 has no HTTP/1.1 counterpart.</summary>
    private static readonly string[] Excluded = ["12.*", "13.*", "h2.*"];

    [Fact]
    public async Task Node_http2_with_ws_gives_node_ws_verdicts()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var overHttp11 = await ExternalEchoServer.StartNodeWsAsync(timeout.Token);
        await using var overHttp2 = await ExternalEchoServer.StartNodeWsOverHttp2Async(timeout.Token);
        var cases = CatalogRun.Select([], Excluded);

        var direct = await CatalogRun.RunAsync(cases, overHttp11.Uri, CatalogRun.Options, timeout.Token);
        var http2 = await CatalogRun.RunAsync(cases.Except(Http2Applicability.Http11Only(cases)).ToList(), overHttp2.Uri, CatalogRun.Options with { Http2 = true }, timeout.Token);

        Assert.All(http2, result => Assert.Equal(Transports.Http2Cleartext, result.Transport));
        var differences = CatalogRun.VerdictDifferences(http2, direct, CatalogRun.IsServerRace);
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    /// <summary>
    /// The h2 section against Node's http2 module with ws, as observed on 2026-12-04: malformed requests are reset with
    /// PROTOCOL_ERROR by Node itself, flow control and three WebSockets on one connection work; END_STREAM on the CONNECT
    /// is accepted (h2.7, which the RFCs leave open).
    /// </summary>
    [Fact]
    public async Task Node_http2_with_ws_on_the_h2_section()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var server = await ExternalEchoServer.StartNodeWsOverHttp2Async(timeout.Token);

        var results = await CatalogRun.RunAsync(CatalogRun.Select(["h2.*"]), server.Uri, CatalogRun.Options with { Http2 = true }, timeout.Token);

        var verdicts = results.Select(r => $"{r.Case.Id} {VerdictNames.Of(r.Behavior)}").Order(StringComparer.Ordinal);
        Assert.Equal(
            ["h2.1 OK", "h2.10 OK", "h2.11 OK", "h2.12 OK", "h2.13 OK", "h2.2 OK", "h2.3 OK", "h2.4 OK", "h2.5 OK", "h2.6 OK", "h2.7 INFORMATIONAL", "h2.8 OK", "h2.9 OK"],
            verdicts);
    }
}
