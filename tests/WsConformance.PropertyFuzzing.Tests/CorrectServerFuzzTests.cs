using WsConformance.Cases.Model;
using WsConformance.PropertyFuzzing.Running;
using WsConformance.TestServers;
using WsConformance.TestServers.External;
using Xunit.Abstractions;

namespace WsConformance.PropertyFuzzing.Tests;

/// <summary>
/// Conformant servers give no finding: the model accepts what they do (NON-STRICT where the catalog would say so).
/// Small runs here; the 5,000-run figures for Kestrel, ws and websockets are in the project's README.
/// </summary>
public sealed class CorrectServerFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 5;
    private const int Runs = 300;
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_reference_codec_echo_server_gives_no_finding()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var server = CodecEchoServer.Start(EchoBehaviour.Correct);

        AssertNoFinding(await FuzzHarness.RunAsync(server.Uri, FuzzHarness.Options(Runs, Seed), timeout.Token));
    }

    [Fact]
    public async Task Node_ws_gives_no_finding()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var server = await ExternalEchoServer.StartNodeWsAsync(timeout.Token);

        AssertNoFinding(await FuzzHarness.RunAsync(server.Uri, FuzzHarness.Options(Runs, Seed), timeout.Token));
    }

    [Fact]
    public async Task Python_websockets_gives_no_finding()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var server = await ExternalEchoServer.StartPythonWebsocketsAsync(timeout.Token);

        AssertNoFinding(await FuzzHarness.RunAsync(server.Uri, FuzzHarness.Options(Runs, Seed), timeout.Token));
    }

    private void AssertNoFinding(FuzzResult result)
    {
        output.WriteLine($"{result.Runs} runs: {string.Join(", ", result.Verdicts.Select(v => $"{v.Value} {v.Key}"))}; {result.Flaky} flaky");
        Assert.Empty(result.Findings.Select(f => $"{f.Deviation}: {f.Minimal.Summary}"));
        Assert.Equal(Runs, result.Runs + result.Skipped);
        Assert.False(result.Verdicts.ContainsKey("FAILED") && result.Verdicts["FAILED"] > result.Flaky, "a FAILED run that was neither flaky nor a finding");
        Assert.True(result.Verdicts.GetValueOrDefault("OK") > Runs / 2);
    }
}
