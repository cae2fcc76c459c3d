using WsConformance.Cases.Model;
using WsConformance.TestServers;
using Xunit.Abstractions;

namespace WsConformance.Engine.Tests.BrokenServers;

/// <summary>The codec echo server follows RFC 6455, so nothing of the catalog (bar the slow limits of section 9) may be FAILED.</summary>
[Collection(BrokenServerCollection.Name)]
public sealed class CorrectServerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Correct_codec_echo_server_fails_no_case()
    {
        await using var server = CodecEchoServer.Start(EchoBehaviour.Correct);

        var results = await CatalogRun.RunAsync(server.Uri, ["*"], ["9.*"]);

        var notOk = results.Where(r => r.Behavior != Verdict.Ok).ToList();
        output.WriteLine(CatalogRun.Describe(notOk));
        Assert.Empty(server.Faults);
        Assert.True(notOk.All(r => r.Behavior is not (Verdict.Failed or Verdict.Error)), CatalogRun.Describe(notOk));
    }
}
