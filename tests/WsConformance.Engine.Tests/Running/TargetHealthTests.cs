using System.Text;
using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Engine.Tests.BrokenServers;
using WsConformance.TestServers;
using Xunit.Abstractions;

namespace WsConformance.Engine.Tests.Running;

/// <summary>
/// One meaning per symptom: a server that answers the opening handshake wrongly is FAILED case by case; one that is
/// briefly busy is retried; one that goes away mid-run ends the run promptly, with the cases that finished.
/// </summary>
[Collection(BrokenServerCollection.Name)]
public sealed class TargetHealthTests(ITestOutputHelper output)
{
    private static readonly string[] FewCases = ["1.1.1", "2.1", "5.1"];

    [Fact]
    public async Task A_404_to_a_valid_opening_handshake_fails_every_case_with_the_status()
    {
        await using var server = LoopbackServer.Start(async (_, stream, stopping) =>
        {
            await HttpRequestHead.ReadAsync(stream, stopping);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"), stopping);
        });

        var run = await RunAsync(server.Uri, FewCases);

        Assert.All(run.Results, r => Assert.True(r.Behavior == Verdict.Failed && r.Judgement.Result.Contains("404", StringComparison.Ordinal), CatalogRun.Describe(r)));
    }

    [Fact]
    public async Task A_server_that_closes_its_first_connections_unanswered_is_retried_and_judged_on_its_answers()
    {
        var refusals = 2;
        var echo = CodecEchoServer.Handler(EchoBehaviour.Correct);
        await using var server = LoopbackServer.Start((socket, stream, stopping) =>
            Interlocked.Decrement(ref refusals) >= 0 ? Task.CompletedTask : echo(socket, stream, stopping));

        var run = await RunAsync(server.Uri, ["1.1.1"]);

        var result = Assert.Single(run.Results);
        Assert.True(result.Behavior == Verdict.Ok, CatalogRun.Describe(result));
        Assert.Equal(3, server.AcceptedConnections);
    }

    [Fact]
    public async Task A_target_that_goes_away_mid_run_ends_the_run_promptly_with_the_finished_cases()
    {
        const int ServedBeforeGoingAway = 10;
        var goingAway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var echo = CodecEchoServer.Handler(EchoBehaviour.Correct);
        var served = 0;
        await using var server = LoopbackServer.Start((socket, stream, stopping) =>
        {
            if (Interlocked.Increment(ref served) == ServedBeforeGoingAway)
            {
                goingAway.TrySetResult();
            }

            return echo(socket, stream, stopping);
        });
        var cases = CatalogRun.Select(["1.*", "2.*", "3.*", "4.*", "5.*"]);
        _ = goingAway.Task.ContinueWith(_ => server.DisposeAsync().AsTask(), TaskScheduler.Default);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var run = await ConformanceRun.RunAsync(cases, [new Target(server.Uri, "leaving")], new RunOptions(Concurrency: 4), null, CancellationToken.None);

        output.WriteLine($"{run.Results.Count} of {cases.Count} cases in {clock.Elapsed.TotalSeconds:0.0} s; {run.Error}");
        Assert.False(run.Complete);
        Assert.Contains("went away", run.Error, StringComparison.Ordinal);
        Assert.InRange(run.Results.Count, 1, cases.Count - 1);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private async Task<RunResult> RunAsync(Uri uri, string[] ids)
    {
        var cases = CatalogRun.Select(ids);
        var run = await ConformanceRun.RunAsync(cases, [new Target(uri, "test-server")], CatalogRun.Options, null, CancellationToken.None);
        output.WriteLine(CatalogRun.Describe(run.Results));
        Assert.Equal(cases.Count, run.Results.Count);
        return run;
    }
}
