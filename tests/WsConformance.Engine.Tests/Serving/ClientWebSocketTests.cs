using WsConformance.Cases.Model;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Tests.BrokenServers;
using Xunit.Abstractions;

namespace WsConformance.Engine.Tests.Serving;

/// <summary>.NET's ClientWebSocket (in process) as the client under test of <c>wsconf serve</c>.</summary>
[Collection(BrokenServerCollection.Name)]
public sealed class ClientWebSocketTests(ITestOutputHelper output)
{
    /// <summary>
    /// What ClientWebSocket (.NET 10) gets, case for case. 6.4.3/6.4.4: it validates UTF-8 once a frame is
    /// complete, not within one (as ManagedWebSocket does on the server side in Autobahn's reports).
    /// handshake-response.9: it ignores a Sec-WebSocket-Extensions value it never offered (it only looks for
    /// permessage-deflate there) and goes on with the connection, where RFC 6455 §4.1 says it MUST fail it.
    /// </summary>
    private static readonly Dictionary<string, Verdict> NotOk = new()
    {
        ["6.4.3"] = Verdict.NonStrict,
        ["6.4.4"] = Verdict.NonStrict,
        ["7.1.6"] = Verdict.Informational,
        ["7.13.1"] = Verdict.Informational,
        ["7.13.2"] = Verdict.Informational,
        ["handshake-response.9"] = Verdict.Failed,
    };

    [Fact]
    public async Task ClientWebSocket_gets_the_expected_verdict_in_every_case()
    {
        var results = await ServeRun.RunAsync(ClientWebSocketEcho.RunAsync,
            "1.*", "2.*", "3.*", "4.*", "5.*", "6.*", "7.*", "9.1.*", "9.2.*", "10.*", "handshake-response.*", "server-masking.*");
        output.WriteLine(CatalogRun.Describe(results.Where(r => r.Behavior != Verdict.Ok)));

        var unexpected = results.Where(r => r.Behavior != NotOk.GetValueOrDefault(r.Case.Id, Verdict.Ok)).ToList();
        Assert.True(unexpected.Count == 0, "Unexpected verdicts:" + Environment.NewLine + CatalogRun.Describe(unexpected));

        // The finding itself: the client took the bent answer for a WebSocket connection and echoed the message.
        var extension = CatalogRun.Find(results, "handshake-response.9");
        Assert.Contains(extension.Events, e => e is MessageEvent { Payload: { } payload } && System.Text.Encoding.UTF8.GetString(payload) == "Hello, world!");
    }
}
