using WsConformance.Cases.Model;
using WsConformance.Engine.Tests.BrokenServers;
using Xunit.Abstractions;

namespace WsConformance.Engine.Tests.Serving;

/// <summary>.NET's ClientWebSocket (in process) as the client under test of <c>wsconf serve</c>.</summary>
[Collection(BrokenServerCollection.Name)]
public sealed class ClientWebSocketTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ClientWebSocket_results()
    {
        var results = await ServeRun.RunAsync(ClientWebSocketEcho.RunAsync, "1.*", "2.*", "3.*", "4.*", "5.*", "6.*", "7.*", "9.1.*", "9.2.*", "10.*", "handshake-response.*", "server-masking.*");
        output.WriteLine(CatalogRun.Describe(results.Where(r => r.Behavior != Verdict.Ok || r.BehaviorClose != CloseVerdict.Ok)));
        Assert.Fail("inspect");
    }
}
