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
}
