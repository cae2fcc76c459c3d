using WsConformance.Fuzzing.Engine;
using WsConformance.Fuzzing.Loading;
using WsConformance.Fuzzing.Targets;

namespace WsConformance.Fuzzing.Tests;

public sealed class EngineTests
{
    private const int Seed = 20260521;
    private const long PlantedBudget = 300_000;

    [Fact]
    public void Coverage_guided_engine_finds_the_planted_multi_step_bug_and_a_blind_loop_with_the_same_budget_does_not()
    {
        using LoadedTargets loaded = TestPaths.LoadPlanted();
        FuzzTarget magic = loaded.Find("planted-magic")!;
        var options = new FuzzOptions { Seed = Seed, MaxExecutions = PlantedBudget, Seeds = ["AAAA"u8.ToArray()], StopOnFirstFinding = true };

        FuzzReport guided = new FuzzEngine(loaded, magic, options).Run();
        FuzzReport blind = new FuzzEngine(loaded, magic, options with { CoverageGuided = false }).Run();

        Finding finding = Assert.Single(guided.Findings);
        Assert.Equal(FindingKind.Crash, finding.Kind);
        Assert.Equal("WS!?"u8.ToArray(), finding.Input);
        Assert.Contains("planted bug reached", finding.Description, StringComparison.Ordinal);
        Assert.True(guided.Final.Executions < PlantedBudget);
        Assert.Empty(blind.Findings);
        Assert.True(blind.Final.Executions >= PlantedBudget);
    }

    [Fact]
    public void Crashes_are_deduplicated_by_stack_minimised_and_saved_with_the_exception()
    {
        using LoadedTargets loaded = TestPaths.LoadPlanted();
        string artifacts = Directory.CreateTempSubdirectory("wsconf-fuzz-artifacts-").FullName;
        try
        {
            var options = new FuzzOptions { Seed = Seed, MaxExecutions = 20_000, Seeds = ["0123456789"u8.ToArray()], ArtifactsDirectory = artifacts };
            FuzzReport report = new FuzzEngine(loaded, loaded.Find("planted-byte")!, options).Run();

            Finding finding = Assert.Single(report.Findings);
            Assert.Equal(new byte[] { 0xAB }, finding.Input);
            Assert.Equal(finding.Input, File.ReadAllBytes(finding.SavedTo!));
            string description = File.ReadAllText(finding.SavedTo + ".txt");
            Assert.Contains("FormatException: 0xAB is not allowed", description, StringComparison.Ordinal);
            Assert.Contains(nameof(Planted.PlantedTargets.Byte), description, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }

    [Fact]
    public void An_input_past_the_time_limit_is_reported_as_a_hang_and_ends_the_run()
    {
        using LoadedTargets loaded = TestPaths.LoadPlanted();
        var options = new FuzzOptions
        {
            Seed = Seed, MaxExecutions = 1_000_000, Seeds = [[0x00], [0xEE, 0xEE]], InputTimeout = TimeSpan.FromMilliseconds(300),
        };
        FuzzReport report = new FuzzEngine(loaded, loaded.Find("planted-hang")!, options).Run();

        Finding finding = Assert.Single(report.Findings);
        Assert.Equal(FindingKind.Hang, finding.Kind);
        Assert.Equal(new byte[] { 0xEE, 0xEE }, finding.Input);
    }

    [Fact]
    public void The_same_seed_and_budget_give_the_same_run()
    {
        using LoadedTargets loaded = TestPaths.LoadBuiltIn();
        FuzzTarget decoder = loaded.Find("decoder")!;
        var options = new FuzzOptions { Seed = Seed, MaxExecutions = 3_000, Seeds = TestPaths.Seeds("decoder"), FrameMutations = true };

        FuzzReport first = new FuzzEngine(loaded, decoder, options).Run();
        FuzzReport second = new FuzzEngine(loaded, decoder, options).Run();
        FuzzReport otherSeed = new FuzzEngine(loaded, decoder, options with { Seed = Seed + 1 }).Run();

        Assert.Equal(first.Final.Edges, second.Final.Edges);
        Assert.Equal(first.Corpus, second.Corpus);
        Assert.NotEqual(first.Corpus, otherSeed.Corpus);
    }
}
