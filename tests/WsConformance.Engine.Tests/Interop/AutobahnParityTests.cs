using WsConformance.Cases.Model;
using WsConformance.Cases;
using WsConformance.Engine.Running;
using WsConformance.TestServers.External;
using Xunit.Abstractions;

namespace WsConformance.Engine.Tests.Interop;

/// <summary>
/// The harness must give real servers exactly the verdicts the real Autobahn|Testsuite gave them: behavior,
/// behaviorClose and the server's close code, case for case, on sections 1–10, and on the permessage-deflate
/// sections 12 and 13 (websockets compresses by default: all OK; ws has compression off: all UNIMPLEMENTED), at the
/// message sizes <see cref="AutobahnVerdicts.IsComparedCompressionRow"/> selects.
/// </summary>
[Collection(QuietMachineCollection.Name)]
public sealed class AutobahnParityTests(ITestOutputHelper output)
{
    [Fact]
    public async Task NodeWsGetsAutobahnsVerdicts()
    {
        await using var server = await ExternalEchoServer.StartNodeWsAsync(CancellationToken.None);
        await AssertParityAsync(server, "ws-8.11.0.tsv");
    }

    [Fact]
    public async Task PythonWebsocketsGetsAutobahnsVerdicts()
    {
        await using var server = await ExternalEchoServer.StartPythonWebsocketsAsync(CancellationToken.None);
        await AssertParityAsync(server, "websockets-10.4.tsv");
    }

    [Fact]
    public async Task NodeWsGetsAutobahnsCompressionVerdicts()
    {
        await using var server = await ExternalEchoServer.StartNodeWsAsync(CancellationToken.None);
        await AssertParityAsync(server, "ws-8.11.0.tsv", compression: true);
    }

    [Fact]
    public async Task PythonWebsocketsGetsAutobahnsCompressionVerdicts()
    {
        await using var server = await ExternalEchoServer.StartPythonWebsocketsAsync(CancellationToken.None);
        await AssertParityAsync(server, "websockets-10.4.tsv", compression: true);
    }

    /// <param name="compression">Sections 12 and 13 instead of sections 1–10 (301 cases).</param>
    private async Task AssertParityAsync(ExternalEchoServer server, string resultsFile, bool compression = false)
    {
        var expected = AutobahnVerdicts.Load(resultsFile);
        var cases = CatalogLoader.LoadDirectory(CatalogLoader.DefaultDirectory).Cases
            .Where(c => c.AutobahnId is { } id && IsCompressionCase(id) == compression && (!compression || AutobahnVerdicts.IsComparedCompressionRow(id)))
            .ToList();
        var count = compression ? AutobahnVerdicts.ComparedCompressionCases : 301;
        Assert.Equal(count, cases.Count);

        var run = await ConformanceRun.RunAsync(cases, [new Target(server.Uri, server.Agent)], new RunOptions(Concurrency: 16), null, CancellationToken.None);

        var mismatches = new List<string>();
        foreach (var result in run.Results)
        {
            var want = expected[result.Case.AutobahnId!];
            var got = new AutobahnVerdict(want.Case, VerdictNames.Of(result.Behavior), VerdictNames.Of(result.BehaviorClose), result.Close?.RemoteCloseCode);
            if (got != want)
            {
                mismatches.Add($"{want.Case}: Autobahn {want.Behavior}/{want.BehaviorClose}/{want.RemoteCloseCode}, "
                    + $"we {got.Behavior}/{got.BehaviorClose}/{got.RemoteCloseCode} — {result.Judgement.Result} | {result.Judgement.ResultClose}");
            }
        }

        output.WriteLine($"{run.Results.Count} cases against {server.Agent} in {(run.Ended - run.Started).TotalSeconds:0.0} s");
        Assert.Equal(count, run.Results.Count);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} verdicts differ from Autobahn's:\n" + string.Join('\n', mismatches));
    }

    private static bool IsCompressionCase(string autobahnId) =>
        autobahnId.StartsWith("12.", StringComparison.Ordinal) || autobahnId.StartsWith("13.", StringComparison.Ordinal);
}
