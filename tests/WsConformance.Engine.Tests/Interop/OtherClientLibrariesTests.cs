using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Engine.Tests.BrokenServers;
using WsConformance.TestServers.External;
using Xunit.Abstractions;

namespace WsConformance.Engine.Tests.Interop;

/// <summary>
/// <c>wsconf serve</c> against two client libraries nobody tuned it for, aiohttp 3.8.4's and Tornado 6.2's (Debian
/// python3-aiohttp, python3-tornado), each run twice over sections 1–10 and our own cases: every case has a result
/// in both runs, no verdict flips, and FAILED is exactly the real bugs of each library, each with its RFC sentence.
/// aiohttp keeps HTTP connections alive, so it also sends its next request on the connection of a refused handshake.
/// </summary>
[Collection(QuietMachineCollection.Name)]
public sealed class OtherClientLibrariesTests(ITestOutputHelper output)
{
    private static readonly TimeSpan DriverTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Cases whose verdict depends on a race inside the client (does it echo before it fails on the next frame?):
    /// OK in one run and NON-STRICT in the next is the library's timing, not ours (README, "Concurrency").
    /// </summary>
    private static readonly HashSet<string> RacyCases = ["3.2", "3.3", "3.4", "4.1.3", "4.1.4", "4.1.5", "4.2.3", "4.2.4", "4.2.5", "5.15"];

    [Fact]
    public async Task Aiohttp_client_runs_every_case_twice_with_the_same_verdicts_and_fails_only_its_real_bugs()
    {
        // 7.9.5: answers close code 1006 with 1000 (§7.4.1: 1006 MUST NOT be sent in a Close frame); .8/.9: accepts a
        // subprotocol and an extension it never offered (§4.1); server-masking: accepts masked server frames (§5.1).
        await AssertStableAsync((url, count) => ExternalClient.RunAiohttpAsync(url, "aiohttp", 1, count, DriverTimeout),
            ["7.9.5", "handshake-response.8", "handshake-response.9", "server-masking.1", "server-masking.2", "server-masking.3", "server-masking.4"]);
    }

    [Fact]
    public async Task Tornado_client_runs_every_case_twice_with_the_same_verdicts_and_fails_only_its_real_bugs()
    {
        // 7.9.x: echoes invalid close codes (§7.4.1); .8: accepts a subprotocol it never offered (§4.1); server-masking:
        // accepts masked server frames (§5.1). 7.5.1 hangs the library's read loop; the driver's own bound moves on.
        await AssertStableAsync((url, count) => ExternalClient.RunTornadoAsync(url, "tornado", 1, count, DriverTimeout),
            TornadoBugs);
    }

    private static readonly string[] TornadoBugs =
    [
        "7.9.1", "7.9.2", "7.9.3", "7.9.4", "7.9.5", "7.9.6", "7.9.7", "7.9.8", "7.9.9",
        "handshake-response.8", "server-masking.1", "server-masking.2", "server-masking.3", "server-masking.4",
    ];

    private async Task AssertStableAsync(Func<Uri, int, Task<string>> driver, IReadOnlyList<string> bugs)
    {
        var first = await ClientDriverRun.ServeAsync(driver, c => !ClientDriverRun.IsCompressionCase(c), output);
        var second = await ClientDriverRun.ServeAsync(driver, c => !ClientDriverRun.IsCompressionCase(c), output);

        Assert.Equal(314, first.Count);
        var flips = first.Zip(second).Where(p => p.First.Behavior != p.Second.Behavior && !RacyCases.Contains(p.First.Case.Id))
            .Select(p => $"{p.First.Case.Id}: {VerdictNames.Of(p.First.Behavior)} then {VerdictNames.Of(p.Second.Behavior)}").ToList();
        Assert.True(flips.Count == 0, "verdicts flipped between runs:\n" + string.Join('\n', flips));
        foreach (var results in new[] { first, second })
        {
            var failed = results.Where(r => r.Behavior is Verdict.Failed or Verdict.Error).ToList();
            Assert.True(failed.Select(r => r.Case.Id).Order().SequenceEqual(bugs.Order()), CatalogRun.Describe(failed));
            Assert.All(failed, r => Assert.Contains($"Requirement ({r.Case.Requirement.Rfc} §{r.Case.Requirement.RfcSection}", r.Judgement.Result,
                StringComparison.Ordinal));
        }
    }
}
