using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Engine.Tests.BrokenServers;
using WsConformance.TestServers;
using Xunit.Abstractions;

namespace WsConformance.Engine.Tests.Running;

/// <summary>A correct server that is slow is reported as slow: SLOW with how far it got, or OK marked slow; never FAILED.</summary>
[Collection(BrokenServerCollection.Name)]
public sealed class SlowServerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Answers_that_come_after_the_timer_but_within_its_grace_are_ok_and_marked_slow()
    {
        await using var server = CodecEchoServer.Start(EchoBehaviour.Correct with { ReplyDelay = TimeSpan.FromSeconds(1.5) });

        var results = await RunAsync(server.Uri, ["1.1.1", "1.2.2", "2.2", "2.3"], timeoutScale: 1);

        Assert.All(results, r => Assert.True(r.Behavior == Verdict.Ok && r.Judgement.Slow, CatalogRun.Describe(r)));
    }

    [Fact]
    public async Task A_thousand_round_trips_at_a_steady_slow_pace_end_as_slow_with_how_far_they_got_not_failed()
    {
        // 9.7.1: 1000 echoes within 60 s (here 6 s); at 400 ms an echo, about 15 arrive before the timer runs out.
        await using var server = CodecEchoServer.Start(EchoBehaviour.Correct with { ReplyDelay = TimeSpan.FromMilliseconds(400) });

        var result = Assert.Single(await RunAsync(server.Uri, ["9.7.1"], timeoutScale: 0.1));

        Assert.True(result.Behavior == Verdict.Slow, CatalogRun.Describe(result));
        Assert.Matches(@"\d+ of 1,000 expected events arrived, each as expected", result.Judgement.Result);
        // The pace showed the rest would take minutes: the case did not wait out the grace (another 12 s after its 6 s).
        // (SLOW is confirmed by a second run, so the case's own duration is what shows it, not the test's wall time.)
        Assert.True(result.Duration < TimeSpan.FromSeconds(12), $"the case took {result.Duration.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_server_slower_than_a_timer_and_its_grace_is_confirmed_with_a_grace_that_fits_its_pace()
    {
        // 2 s per echo: the 6.x vectors' 500 ms timer and 1 s grace run out before any echo, the 1.x cases' 1 s timer
        // and 2 s grace do not. The confirmation waits three of the pace the 1.x cases showed, and the echo comes.
        await using var server = CodecEchoServer.Start(EchoBehaviour.Correct with { ReplyDelay = TimeSpan.FromSeconds(2) });

        var results = await RunAsync(server.Uri, ["1.1.1", "1.1.2", "1.1.3", "1.2.1", "1.2.2", "1.2.3", "6.2.1", "6.5.1"], timeoutScale: 1);

        Assert.All(results, r => Assert.True(r.Behavior == Verdict.Ok && r.Judgement.Slow, CatalogRun.Describe(r)));
        var shortTimer = Assert.Single(results, r => r.Case.Id == "6.5.1");
        Assert.True(shortTimer.ConcurrentJudgement is { } first && !(first.Behavior == Verdict.Ok && first.BehaviorClose == CloseVerdict.Ok),
            $"the first run of 6.5.1 was not cut short by its timer: {shortTimer.ConcurrentJudgement}");
    }

    [Fact]
    public async Task A_server_whose_echoes_never_come_in_time_teaches_no_pace_and_stays_failed()
    {
        // Echoes after 30 s: no case sees one, so no pace is learned and the confirmations get no more patience.
        await using var server = CodecEchoServer.Start(EchoBehaviour.Correct with { ReplyDelay = TimeSpan.FromSeconds(30) });

        var results = await RunAsync(server.Uri, ["1.1.1", "1.1.2", "1.1.3", "1.2.1", "1.2.2", "6.5.1"], timeoutScale: 0.5);

        Assert.All(results, r => Assert.True(r.Behavior == Verdict.Failed, CatalogRun.Describe(r)));
    }

    private async Task<IReadOnlyList<CaseResult>> RunAsync(Uri uri, string[] ids, double timeoutScale)
    {
        var cases = CatalogRun.Select(ids);
        var run = await ConformanceRun.RunAsync(cases, [new Target(uri, "slow")], new RunOptions(Concurrency: 8, TimeoutScale: timeoutScale), null, CancellationToken.None);
        output.WriteLine(CatalogRun.Describe(run.Results));
        Assert.Equal(cases.Count, run.Results.Count);
        return run.Results;
    }
}
