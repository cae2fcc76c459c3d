using WsConformance.Engine.Running;
using WsConformance.Engine.Tests.BrokenServers;
using WsConformance.Targets;
using Xunit.Abstractions;

namespace WsConformance.Engine.Tests.Running;

/// <summary>
/// The catalog over HTTP/2 (RFC 8441, h2c) against Kestrel gets the verdicts the same Kestrel gets over HTTP/1.1, case
/// by case, except the documented differences (see the Engine README, "WebSockets over HTTP/2").
/// </summary>
public sealed class Http2CatalogTests(ITestOutputHelper output)
{
    /// <summary>
    /// The compression payload sections (216 cases of 1000 round trips each) and most of section 9 would make this test
    /// take many minutes; one case of each sub-section stays, and section 9's 16 MiB messages (flow control at scale).
    /// </summary>
    private static readonly string[] Excluded = ["12.*", "13.*", "9.*", "h2.*"];

    private static readonly string[] KeptFromExcluded = ["12.1.1", "12.2.1", "12.3.1", "12.4.1", "12.5.1", "13.1.1", "13.3.1", "13.7.1", "9.1.1", "9.1.6", "9.2.6", "9.3.1", "9.4.1", "9.7.1"];

    [Fact]
    public async Task Kestrel_gets_the_same_verdicts_over_h2c_as_over_http11()
    {
        var all = CatalogRun.Select([], Excluded).Concat(CatalogRun.Select(KeptFromExcluded)).ToList();
        var http11Only = Http2Applicability.Http11Only(all);
        var overHttp2 = all.Except(http11Only).ToList();

        await using var http11Server = await EchoServer.StartAsync(compression: true);
        var http11 = await CatalogRun.RunAsync(all, http11Server.Uri, CatalogRun.Options);
        await using var http2Server = await EchoServer.StartAsync(compression: true, http2: true);
        var http2 = await CatalogRun.RunAsync(overHttp2, http2Server.Uri, CatalogRun.Options with { Http2 = true });

        Assert.All(http2, result => Assert.Equal(Transports.Http2Cleartext, result.Transport));
        Assert.Equal(
            ["handshake.10", "handshake.14", "handshake.15", "handshake.16", "handshake.17", "handshake.18", "handshake.2", "handshake.3",
                "handshake.4", "handshake.5", "handshake.6", "handshake.7", "handshake.8", "handshake.9"],
            http11Only.Select(c => c.Id).Order(StringComparer.Ordinal));
        var differences = CatalogRun.VerdictDifferences(http2, http11, CatalogRun.IsServerRace);
        output.WriteLine($"{http2.Count} cases over h2c, {http11.Count} over HTTP/1.1, {http11Only.Count} HTTP/1.1-only");
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }
}
