using WsConformance.Engine.Running;
using WsConformance.Engine.Tests.BrokenServers;
using WsConformance.TestServers.External;

namespace WsConformance.Engine.Tests.Interop;

/// <summary>
/// The catalog over HTTP/2 through nghttpx in front of Node ws gets the verdicts Node ws gets over HTTP/1.1 directly,
/// case by case: the proxy's RFC 8441 side carries the WebSocket without changing what it says.
/// </summary>
public sealed class Http2ProxyInteropTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Node ws offers no permessage-deflate: sections 12 and 13 would only be UNIMPLEMENTED; h2 has no HTTP/1.1 counterpart.</summary>
    private static readonly string[] Excluded = ["12.*", "13.*", "h2.*"];

    [NghttpxFact]
    public async Task Nghttpx_in_front_of_node_ws_gives_node_ws_verdicts()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var nodeWs = await ExternalEchoServer.StartNodeWsAsync(timeout.Token);
        await using var proxy = await Nghttpx.StartAsync(nodeWs.Uri, timeout.Token);
        var cases = CatalogRun.Select([], Excluded);
        var overHttp2 = cases.Except(Http2Applicability.Http11Only(cases)).ToList();

        var direct = await CatalogRun.RunAsync(cases, nodeWs.Uri, CatalogRun.Options, timeout.Token);
        var proxied = await CatalogRun.RunAsync(overHttp2, proxy.Uri, CatalogRun.Options with { Http2 = true }, timeout.Token);

        Assert.All(proxied, result => Assert.Equal(Transports.Http2Cleartext, result.Transport));
        var differences = CatalogRun.VerdictDifferences(proxied, direct, CatalogRun.IsServerRace);
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }
}
