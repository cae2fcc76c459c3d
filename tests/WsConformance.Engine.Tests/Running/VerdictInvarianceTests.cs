using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Engine.Tests.BrokenServers;
using WsConformance.TestServers;
using Xunit.Abstractions;

namespace WsConformance.Engine.Tests.Running;

/// <summary>
/// The contract of <see cref="ConformanceRun"/>: the same server gets the same verdicts whether its cases run one
/// at a time or many at once, whether it is fast, crowded or slow; slowness is never FAILED.
/// </summary>
[Collection(BrokenServerCollection.Name)]
public sealed class VerdictInvarianceTests(ITestOutputHelper output)
{
    /// <summary>
    /// A mix that exercises every way a crowded server can trip timers: echoes, pings, fragmentation, the fail-fast
    /// UTF-8 cases with pauses, close handling, and cases the server must fail.
    /// </summary>
    private static readonly string[] Mix = ["1.1.*", "2.*", "3.*", "5.1*", "6.3.*", "6.4.*", "7.1.*", "7.3.*", "7.5.1", "7.9.*", "masking.*"];

    /// <summary>Each read waits this long per other open connection: 32 connections make every event cost 0.6 s.</summary>
    private static readonly TimeSpan CrowdPenalty = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task A_single_threaded_server_that_slows_down_under_crowding_gets_the_verdicts_of_one_case_at_a_time()
    {
        var cases = CatalogRun.Select(Mix);
        await using var alone = CrowdSensitiveServer.Start(EchoBehaviour.Correct, CrowdPenalty);
        var reference = await RunAsync(cases, alone.Uri, concurrency: 1);
        await using var crowded = CrowdSensitiveServer.Start(EchoBehaviour.Correct, CrowdPenalty);
        var concurrent = await RunAsync(cases, crowded.Uri, concurrency: 32);

        output.WriteLine($"most connections open at once: {crowded.MostOpenConnections}");
        AssertSameVerdicts(reference, concurrent);
        Assert.True(crowded.MostOpenConnections > 1, "The concurrent run never had two cases in flight: it tested nothing.");
    }

    [Fact]
    public async Task A_broken_server_under_crowding_keeps_exactly_its_own_failures()
    {
        var cases = CatalogRun.Select(["3.*", "5.1*", "6.4.*", "7.9.*"]);
        await using var alone = CrowdSensitiveServer.Start(TestServers.BrokenServers.SkipsUtf8Validation, CrowdPenalty);
        var reference = await RunAsync(cases, alone.Uri, concurrency: 1);
        await using var crowded = CrowdSensitiveServer.Start(TestServers.BrokenServers.SkipsUtf8Validation, CrowdPenalty);
        var concurrent = await RunAsync(cases, crowded.Uri, concurrency: 32);

        AssertSameVerdicts(reference, concurrent);
        CatalogRun.AssertFailed(concurrent, "6.4.1", "6.4.2");
    }

    [Fact]
    public async Task Quiet_confirmations_run_together_once_the_rest_are_done()
    {
        // 6.4.1 and 6.4.2 wait out two 1 s pauses for a close that this server never sends: timer-decided FAILEDs,
        // each confirmed. A few bytes each, so they are confirmed together, not 2 s after one another.
        var cases = CatalogRun.Select(["6.4.1", "6.4.2", "1.1.1"]);
        await using var server = CodecEchoServer.Start(TestServers.BrokenServers.SkipsUtf8Validation);

        var results = await RunAsync(cases, server.Uri, concurrency: 32);

        CatalogRun.AssertFailed(results, "6.4.1", "6.4.2");
        var confirmations = results.Where(r => r.ConcurrentJudgement is not null).OrderBy(r => r.Started).ToList();
        Assert.Equal(["6.4.1", "6.4.2"], confirmations.Select(r => r.Case.Id).Order());
        Assert.True(confirmations[1].Started < confirmations[0].Started + confirmations[0].Duration,
            $"The confirmations ran one after another: {string.Join(", ", confirmations.Select(r => $"{r.Case.Id} at {r.Started:HH:mm:ss.fff} for {r.Duration.TotalMilliseconds:0} ms"))}");
    }

    [Fact]
    public async Task Concurrency_1_means_one_case_in_flight_at_a_time()
    {
        var cases = CatalogRun.Select(["1.1.*", "2.*", "5.19", "6.4.1", "9.1.1", "3.4"]);
        await using var server = CodecEchoServer.Start(EchoBehaviour.Correct);

        var results = await RunAsync(cases, server.Uri, concurrency: 1);

        var spans = results.Select(r => (Start: r.Started, End: r.Started + r.Duration, r.Case.Id)).OrderBy(s => s.Start).ToList();
        var overlaps = spans.Zip(spans.Skip(1)).Where(pair => pair.Second.Start < pair.First.End).Select(pair => $"{pair.First.Id} / {pair.Second.Id}").ToList();
        Assert.True(overlaps.Count == 0, "Cases in flight together: " + string.Join(", ", overlaps));
    }

    private async Task<IReadOnlyList<CaseResult>> RunAsync(IReadOnlyList<CaseDefinition> cases, Uri uri, int concurrency)
    {
        var run = await ConformanceRun.RunAsync(cases, [new Target(uri, "test-server")], new RunOptions(Concurrency: concurrency), null, CancellationToken.None);
        Assert.True(run.Complete, run.Error);
        Assert.Equal(cases.Count, run.Results.Count);
        output.WriteLine($"concurrency {concurrency}: {(run.Ended - run.Started).TotalSeconds:0.0} s, "
            + $"{run.Results.Count(r => r.ConcurrentJudgement is not null)} confirmed, {run.Results.Count(r => r.Flaky)} flaky");
        return run.Results;
    }

    private static void AssertSameVerdicts(IReadOnlyList<CaseResult> reference, IReadOnlyList<CaseResult> concurrent)
    {
        var differences = reference.Zip(concurrent)
            .Where(pair => Outcome(pair.First) != Outcome(pair.Second))
            .Select(pair => $"{CatalogRun.Describe(pair.First)}{Environment.NewLine}    concurrently: {CatalogRun.Describe(pair.Second)}")
            .ToList();
        Assert.True(differences.Count == 0, "Verdicts that depend on concurrency:" + Environment.NewLine + string.Join(Environment.NewLine, differences));
        Assert.DoesNotContain(concurrent, r => r.Behavior == Verdict.Error);
    }

    private static (string Id, Verdict Behavior, CloseVerdict BehaviorClose, int? RemoteCode) Outcome(CaseResult result) =>
        (result.Case.Id, result.Behavior, result.BehaviorClose, result.Close?.RemoteCloseCode);
}
