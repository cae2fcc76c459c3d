using WsConformance.Fuzzing.Engine;
using WsConformance.Fuzzing.Loading;
using WsConformance.Fuzzing.Targets;

namespace WsConformance.Fuzzing.Tests;

/// <summary>A short in-process run of every built-in target on its seed corpus and the shared dictionary.</summary>
public sealed class TargetRunTests
{
    private const int Seed = 6455;

    public static TheoryData<string, long> Targets => new()
    {
        { "decoder", 20_000 },
        { "decoder-chunked", 10_000 },
        { "handshake", 10_000 },
        { "utf8", 20_000 },
        { "close-body", 20_000 },
        { "inflate", 10_000 },
        { "snws-server", 2_000 },
        { "snws-client", 2_000 },
        { "differential", 2_000 },
        { "h2-frames", 10_000 },
        { "hpack", 10_000 },
        { "deflate-differential", 2_000 },
        { "kestrel-upgrade", 5_000 },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public void Target_runs_from_its_seeds_gains_coverage_and_finds_nothing_unknown(string name, long executions)
    {
        using LoadedTargets loaded = TestPaths.LoadBuiltIn();
        FuzzTarget target = loaded.Find(name)!;
        IReadOnlyList<byte[]> seeds = TestPaths.Seeds(name);
        var options = new FuzzOptions
        {
            Seed = Seed,
            MaxExecutions = executions,
            Seeds = seeds,
            Dictionary = FuzzDictionary.Load(Path.Combine(TestPaths.FuzzFolder, "websocket.dict")),
            FrameMutations = target.Info.Frames,
            MaxInputLength = 1024,
        };

        FuzzReport report = new FuzzEngine(loaded, target, options).Run();

        // Minimising a finding runs the target too, and those runs count.
        Assert.True(report.Final.Executions >= executions, $"{report.Final.Executions} executions");
        Assert.True(report.Corpus.Count > seeds.Count, $"no input added coverage beyond the {seeds.Count} seeds");
        Assert.True(report.Final.Edges > 50, $"only {report.Final.Edges} edges");
        // The differential targets' known, triaged disagreements with System.Net.WebSockets and Kestrel
        // (fuzz/findings/) may show up again; anything else is new.
        string[] known =
        [
            SystemWebSocketTargets.SnwsJudgesLate, SystemWebSocketTargets.SnwsLenientUtf8, DeflateDifferentialTargets.SnwsRejectsFinalBlock,
            DeflateDifferentialTargets.SnwsAcceptsCompressedControl,
            KestrelDisagreements.KestrelRejectsMinorVersion, KestrelDisagreements.KestrelRejectsRequestLine, KestrelDisagreements.KestrelAcceptsRequestLine,
            KestrelDisagreements.KestrelAcceptsFieldNameThatIsNoToken, KestrelDisagreements.KestrelParserAcceptsNul,
        ];
        Assert.DoesNotContain(report.Findings.Select(finding => finding.Description.Split('\n')[0]),
            description => !known.Any(category => description.Contains($"[{category}]", StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_target_has_seeds_and_the_dictionary_parses()
    {
        using LoadedTargets loaded = TestPaths.LoadBuiltIn();
        Assert.Equal(Targets.Select(row => (string)row[0]).Order(), loaded.Targets.Select(target => target.Name).Order());
        Assert.All(loaded.Targets, target => Assert.NotEmpty(TestPaths.Seeds(target.Name)));
        IReadOnlyList<byte[]> tokens = FuzzDictionary.Load(Path.Combine(TestPaths.FuzzFolder, "websocket.dict"));
        Assert.Contains(tokens, token => token.SequenceEqual(new byte[] { 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }));
        Assert.Contains(tokens, token => token.SequenceEqual("\""u8.ToArray()));
    }
}
