using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
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
    private static readonly TimeSpan DriverTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task NodeWsClientGetsAutobahnsVerdicts()
    {
        var results = await ServeAsync((url, count) => ExternalClient.RunNodeWsAsync(url, "ws", 1, count, DriverTimeout),
            c => !IsCompressionCase(c));

        AssertParity(results);
        AssertOwnCasesPass(results);
    }

    /// <summary>Sections 12 and 13 at the message sizes <see cref="AutobahnVerdicts.IsComparedCompressionRow"/> selects.</summary>
    [Fact]
    public async Task NodeWsClientGetsAutobahnsCompressionVerdicts()
    {
        var results = await ServeAsync((url, count) => ExternalClient.RunNodeWsAsync(url, "ws", 1, count, DriverTimeout),
            c => IsCompressionCase(c) && AutobahnVerdicts.IsComparedCompressionRow(c.AutobahnId!));

        Assert.Equal(AutobahnVerdicts.ComparedCompressionCases, results.Count);
        AssertParity(results);
    }

    [Fact]
    public async Task PythonWebsocketsClientFailsNothing()
    {
        var results = await ServeAsync((url, count) => ExternalClient.RunPythonWebsocketsAsync(url, "websockets", 1, count, DriverTimeout),
            c => !IsCompressionCase(c));

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

    /// <summary>Every verdict equals the real Autobahn's for Node ws's client: behavior, behaviorClose and the close code.</summary>
    private static void AssertParity(IReadOnlyList<CaseResult> results)
    {
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

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} verdicts differ from Autobahn's:\n" + string.Join('\n', mismatches));
    }

    private Task<IReadOnlyList<CaseResult>> ServeAsync(Func<Uri, int, Task<string>> driver, Func<CaseDefinition, bool> select) =>
        ClientDriverRun.ServeAsync(driver, select, output);

    private static bool IsCompressionCase(CaseDefinition definition) => ClientDriverRun.IsCompressionCase(definition);
}
