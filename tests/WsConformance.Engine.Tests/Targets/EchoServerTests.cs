using WsConformance.Cases.Model;
using WsConformance.Engine.Tests.BrokenServers;
using WsConformance.Targets;

namespace WsConformance.Engine.Tests.Targets;

/// <summary>The embedded Kestrel echo server (ManagedWebSocket) is a correct server: it must get no FAILED.</summary>
public sealed class EchoServerTests
{
    [Fact]
    public async Task Kestrel_echo_server_fails_no_case_outside_section_9()
    {
        await using var server = await EchoServer.StartAsync();

        var results = await CatalogRun.RunAsync(server.Uri, ["*"], ["9.*"]);

        var failed = results.Where(r => r.Behavior is Verdict.Failed or Verdict.Error).ToList();
        Assert.True(failed.Count == 0, CatalogRun.Describe(failed));
    }

    [Fact]
    public async Task Kestrel_echo_server_passes_the_bulk_cases()
    {
        await using var server = await EchoServer.StartAsync();

        var results = await CatalogRun.RunAsync(server.Uri, ["9.1.*", "9.2.*", "9.7.*"]);

        Assert.All(results, r => Assert.True(r.Behavior == Verdict.Ok, CatalogRun.Describe(r)));
    }
}
