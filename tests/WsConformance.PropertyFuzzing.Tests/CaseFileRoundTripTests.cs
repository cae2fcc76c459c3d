using WsConformance.Cases;
using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.PropertyFuzzing.Model;
using WsConformance.PropertyFuzzing.Reporting;
using WsConformance.PropertyFuzzing.Running;
using WsConformance.PropertyFuzzing.Writing;
using WsConformance.Targets;
using WsConformance.TestServers;

namespace WsConformance.PropertyFuzzing.Tests;

/// <summary>The case-file writer is the loader's inverse, and a written counterexample replays with the same verdict.</summary>
public sealed class CaseFileRoundTripTests
{
    private const int Seed = 31;
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Written_cases_load_back_with_the_same_steps_and_expectation()
    {
        var generator = new RunGenerator(Seed, 10);
        var prepared = Enumerable.Range(1, 150)
            .Select(run => ConversationCases.Prepare(generator.For(run), PropertyFuzzer.CaseId(Seed, run), $"run {run}", ModelOptions.Strict))
            .OfType<PreparedConversation>()
            .ToList();

        var yaml = CaseFileWriter.Write("round trip", [.. prepared.Select(p => (p.Case, (IReadOnlyList<string>)["a comment"]))]);
        var loaded = CatalogLoader.Parse(yaml, "round-trip.yaml").Cases;

        Assert.Equal(prepared.Count, loaded.Count);
        foreach (var (written, read) in prepared.Select(p => p.Case).Zip(loaded))
        {
            Assert.Equal(written.Id, read.Id);
            Assert.Equal(Describe(written.Steps), Describe(read.Steps));
            var expressible = written.Expectation with { Alternatives = [.. written.Expectation.Alternatives.GroupBy(a => a.Verdict).Select(g => g.First())] };
            Assert.Empty(ExpectationComparison.Differences(expressible, read.Expectation));
        }
    }

    [Fact]
    public async Task A_written_counterexample_replays_with_the_same_verdict()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var server = CodecEchoServer.Start(BrokenServers.PongWithWrongPayload);
        var result = await FuzzHarness.RunAsync(server.Uri, FuzzHarness.Options(200, Seed, stopAfterFindings: 1), timeout.Token);
        var folder = Directory.CreateTempSubdirectory("fuzz-replay-").FullName;
        try
        {
            var written = FindingFiles.WriteCaseFile(folder, result, server.Uri, FuzzHarness.Options(200, Seed));
            var cases = CatalogLoader.LoadDirectory(Path.Combine(folder, FindingFiles.CasesFolder)).Cases;

            var replay = await ConformanceRun.RunAsync(cases, [new Target(server.Uri, "broken")], FuzzHarness.Options(1, Seed).EngineOptions, null, timeout.Token);

            Assert.NotEmpty(written.Findings);
            Assert.All(written.Findings, f => Assert.True(File.Exists(f.CaseFile)));
            Assert.Equal(written.Findings.Select(f => (f.MinimalResult.Case.Id, f.Judgement.Behavior)), replay.Results.Select(r => (r.Case.Id, r.Behavior)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Expressible_conversations_replay_from_their_file_with_the_verdict_of_the_direct_run()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var server = await EchoServer.StartAsync(cancellationToken: timeout.Token);
        var target = new Target(server.Uri, EchoServer.Agent);
        var options = FuzzHarness.Options(1, Seed).EngineOptions;
        var generator = new RunGenerator(Seed, 6);
        var prepared = Enumerable.Range(1, 60)
            .Select(run => ConversationCases.Prepare(generator.For(run), PropertyFuzzer.CaseId(Seed, run), $"run {run}", ModelOptions.Strict))
            .OfType<PreparedConversation>()
            .Where(p => p.Case.Expectation.Alternatives.Count == p.Case.Expectation.Alternatives.DistinctBy(a => a.Verdict).Count())
            .Take(20)
            .ToList();

        var direct = await Task.WhenAll(prepared.Select(p => ConversationExecutor.RunAsync(p, target, options, timeout.Token)));
        var loaded = CatalogLoader.Parse(CaseFileWriter.Write("replay", [.. prepared.Select(p => (p.Case, (IReadOnlyList<string>)[]))]), "replay.yaml").Cases;
        var replayed = await Task.WhenAll(loaded.Select(c => CaseRunner.RunAsync(c, target, options, timeout.Token)));

        Assert.Equal(20, prepared.Count);
        Assert.Equal(direct.Select(r => Passed(r.Behavior)), replayed.Select(r => Passed(r.Behavior)));
    }

    /// <summary>Passing verdicts may move between OK and NON-STRICT with timing (an echo racing a failure); FAILED may not.</summary>
    private static bool Passed(Verdict verdict) => verdict is not (Verdict.Failed or Verdict.Error);

    private static List<string> Describe(IReadOnlyList<Step> steps) => [.. steps.Select(step => step switch
    {
        SendFrameStep f => $"frame {f.Opcode} {f.Fin} {f.Rsv} {f.Mask} {Convert.ToHexString(f.Payload.ToBytes())} {f.DeclaredLength} {f.LengthForm} {f.Transmission}",
        CloseStep c => $"close {Convert.ToHexString(c.Body.ToBytes())}",
        _ => step.ToString(),
    })];
}
