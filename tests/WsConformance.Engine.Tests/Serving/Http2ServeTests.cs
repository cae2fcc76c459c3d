using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Engine.Tests.BrokenServers;
using Xunit.Abstractions;

namespace WsConformance.Engine.Tests.Serving;

/// <summary>
/// <c>wsconf serve --http2</c> (RFC 8441) with .NET's ClientWebSocket as the client under test over h2c: the same cases get
/// the same verdicts as over HTTP/1.1, except those that bend the RFC 6455 upgrade, which are skipped and listed.
/// </summary>
[Collection(BrokenServerCollection.Name)]
public sealed class Http2ServeTests(ITestOutputHelper output)
{
    private static readonly string[] Subset = ["1.*", "2.*", "3.*", "4.*", "5.*", "7.1.*", "7.3.*", "handshake-response.*"];

    [Fact]
    public async Task ClientWebSocket_over_h2c_gets_the_HTTP_1_1_verdicts()
    {
        var overHttp11 = await ServeRun.RunAsync(ClientWebSocketEcho.RunAsync, Subset);
        var overHttp2 = await ServeRun.RunAsync((url, token) => ClientWebSocketEcho.RunOverHttp2Async(url, null, token), o => o with { Http2 = true }, Subset);
        output.WriteLine(CatalogRun.Describe(overHttp2.Where(r => r.Behavior != Verdict.Ok)));

        Assert.All(overHttp2, r => Assert.Equal(Transports.Http2Cleartext, r.Transport));
        var skipped = overHttp2.Where(r => r.Behavior == Verdict.Unimplemented).Select(r => r.Case.Id).ToList();
        Assert.Equal(["handshake-response.1", "handshake-response.2", "handshake-response.3", "handshake-response.4", "handshake-response.5",
            "handshake-response.6", "handshake-response.7"], skipped);
        var differ = overHttp2.Zip(overHttp11).Where(p => p.First.Behavior != Verdict.Unimplemented && p.First.Behavior != p.Second.Behavior)
            .Select(p => $"{p.First.Case.Id}: HTTP/2 {p.First.Behavior}, HTTP/1.1 {p.Second.Behavior}").ToList();
        Assert.True(differ.Count == 0, string.Join(Environment.NewLine, differ));
    }
}
