using System.Net;
using WsConformance.Cases;
using WsConformance.Cases.Model;
using WsConformance.Engine.Judging;
using WsConformance.Engine.Running;
using WsConformance.Engine.Serving;
using WsConformance.Engine.Tests.BrokenServers;
using WsConformance.TestServers.External;
using Xunit.Abstractions;

namespace WsConformance.Engine.Tests.Interop;

/// <summary>
/// <c>wsconf serve</c> against real clients driven by their Autobahn client-driver scripts, through the
/// fuzzing-server protocol exactly as Autobahn's fuzzing server is driven: Node ws's client must get the verdicts
/// the real Autobahn gave it (tests/interop/autobahn-results/ws-client-8.11.0.tsv), case for case.
/// </summary>
[Collection(QuietMachineCollection.Name)]
public sealed class AutobahnClientParityTests(ITestOutputHelper output)
{
    private static readonly TimeSpan DriverTimeout = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task NodeWsClientGetsAutobahnsVerdicts()
    {
        var (results, _) = await ServeAsync((url, count) => ExternalClient.RunNodeWsAsync(url, "ws", 1, count, DriverTimeout));

        var expected = AutobahnVerdicts.Load("ws-client-8.11.0.tsv");
        var mismatches = new List<string>();
        foreach (var result in results.Where(r => r.Case.AutobahnId is not null))
        {
            var want = expected[result.Case.AutobahnId!];
            var got = new AutobahnVerdict(want.Case, VerdictNames.Of(result.Behavior), VerdictNames.Of(result.BehaviorClose), result.Close?.RemoteCloseCode);
            if (got != want)
            {
                mismatches.Add($"{want.Case}: Autobahn {want.Behavior}/{want.BehaviorClose}/{want.RemoteCloseCode}, "
                    + $"we {got.Behavior}/{got.BehaviorClose}/{got.RemoteCloseCode} — {result.Judgement.Result} | {result.Judgement.ResultClose}");
            }
        }

        Assert.Equal(expected.Count, results.Count(r => r.Case.AutobahnId is not null));
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} verdicts differ from Autobahn's:\n" + string.Join('\n', mismatches));
        AssertOwnCasesPass(results);
    }

    [Fact]
    public async Task PythonWebsocketsClientFailsNothing()
    {
        var (results, _) = await ServeAsync((url, count) => ExternalClient.RunPythonWebsocketsAsync(url, "websockets", 1, count, DriverTimeout),
            compression: false);

        var failed = results.Where(r => r.Behavior is Verdict.Failed or Verdict.Error).ToList();
        Assert.True(failed.Count == 0, CatalogRun.Describe(failed));
        AssertOwnCasesPass(results);
    }

    /// <summary>The handshake-response and server-masking cases: a conformant client fails every one of those connections.</summary>
    private static void AssertOwnCasesPass(IReadOnlyList<CaseResult> results)
    {
        var own = results.Where(r => r.Case.AutobahnId is null).ToList();
        Assert.Equal(13, own.Count);
        var notOk = own.Where(r => r.Behavior != Verdict.Ok).ToList();
        Assert.True(notOk.Count == 0, CatalogRun.Describe(notOk));
    }

    /// <param name="compression">Include sections 12 and 13 (1,000 compressed messages per case).</param>
    private async Task<(IReadOnlyList<CaseResult> Results, TimeSpan Elapsed)> ServeAsync(Func<Uri, int, Task<string>> driver, bool compression = true)
    {
        var cases = CatalogLoader.LoadDirectory(CatalogLoader.DefaultDirectory).Cases
            .Where(c => c.Testees.HasFlag(Testees.Clients) && (compression || !IsCompressionCase(c)))
            .ToList();
        var updates = 0;
        await using var server = FuzzingServer.Start(new IPEndPoint(IPAddress.Loopback, 0), cases,
            new ServeOptions(new RunOptions(), IdleTimeout: null, ServeOptions.DefaultRequestTimeout), _ =>
            {
                Interlocked.Increment(ref updates);
                return Task.CompletedTask;
            });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var stdout = await driver(server.Url, cases.Count);

        output.WriteLine($"{cases.Count} cases in {clock.Elapsed.TotalSeconds:0.0} s; driver said: {stdout.Trim()}");
        Assert.Contains($"DONE {cases.Count}", stdout, StringComparison.Ordinal);
        Assert.Equal(1, updates);
        var results = server.Results.Snapshot([.. cases.Select(c => c.Id)]);
        Assert.Equal(cases.Count, results.Count);
        return (results, clock.Elapsed);
    }

    private static bool IsCompressionCase(CaseDefinition definition) =>
        definition.AutobahnId is { } id && (id.StartsWith("12.", StringComparison.Ordinal) || id.StartsWith("13.", StringComparison.Ordinal));
}
