using WsConformance.Cases;
using WsConformance.Engine.Judging;
using WsConformance.Engine.Running;
using WsConformance.TestServers.External;
using Xunit.Abstractions;

namespace WsConformance.Engine.Tests.Interop;

/// <summary>
/// The harness must give real servers exactly the verdicts the real Autobahn|Testsuite gave them: behavior,
/// behaviorClose and the server's close code, case for case, on sections 1–10.
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

    private async Task AssertParityAsync(ExternalEchoServer server, string resultsFile)
    {
        var expected = AutobahnVerdicts.Load(resultsFile);
        var cases = CatalogLoader.LoadDirectory(CatalogLoader.DefaultDirectory).Cases
            .Where(c => c.AutobahnId is { } id && !id.StartsWith("12.", StringComparison.Ordinal) && !id.StartsWith("13.", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(301, cases.Count);

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
        Assert.Equal(301, run.Results.Count);
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} verdicts differ from Autobahn's:\n" + string.Join('\n', mismatches));
    }
}
