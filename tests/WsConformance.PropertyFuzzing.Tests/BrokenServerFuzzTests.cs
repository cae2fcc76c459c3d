using WsConformance.Cases.Model;
using WsConformance.PropertyFuzzing.Conversations;
using WsConformance.PropertyFuzzing.Reporting;
using WsConformance.TestServers;
using Xunit.Abstractions;

namespace WsConformance.PropertyFuzzing.Tests;

/// <summary>
/// Acceptance: against each deliberately broken server the property fuzzer alone — no case catalog — finds the bug
/// with seed 42 and reports it as exactly one finding, shrunk to a case of at most 4 frames that shows that bug. The run number where each bug
/// was found with seed 42 (2,000 runs allowed) is in the comment of its row; the tests allow 400 runs.
/// </summary>
public sealed class BrokenServerFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 42;
    private const int Runs = 400;
    private const int MaxMinimalFrames = 4;
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>What the minimal counterexample of each bug must contain to show that bug.</summary>
    internal static readonly Dictionary<string, Func<Conversation, bool>> ShowsTheBug = new(StringComparer.Ordinal)
    {
        ["reserved bits"] = c => Frames(c).Any(f => f.Rsv != 0),                                 // found at run 34
        ["reserved opcodes"] = c => Frames(c).Any(f => f.Opcode is >= 3 and <= 7 or >= 11),     // run 22
        ["unmasked frames"] = c => Frames(c).Any(f => !f.Masked),                                // run 48
        ["long control frames"] = c => Frames(c).Any(f => f.IsControl && f.Payload.Length > 125)  // run 14: a 133-byte Close
            || c.Actions.OfType<CloseAction>().Any(a => a.Body.Length > 125),
        ["fragmented control frames"] = c => Frames(c).Any(f => f.IsControl && !f.Fin),          // run 242
        ["orphan continuations"] = c => Frames(c).FirstOrDefault(f => !f.IsControl)?.Opcode == 0, // run 4
        ["data frame inside a message"] = c => Frames(c).Count(f => f.Opcode is 1 or 2) >= 2,    // run 64
        ["no UTF-8 validation"] = c => Frames(c).Any(f => f.Opcode is 0 or 1),                   // run 2
        ["invalid close codes"] = c => c.Actions.OfType<CloseAction>().Any(),                     // run 15
        ["invalid close reasons"] = c => c.Actions.OfType<CloseAction>().Any(a => a.Body.Length > 2), // run 203
        ["64-bit length top bit"] = c => Frames(c).Any(f => f.LengthMostSignificantBit),         // run 28
        ["never answers close"] = c => c.Actions.OfType<CloseAction>().Any(),                     // run 24
        ["wrong pong payload"] = c => Frames(c).Any(f => f.Opcode == 9),                         // run 3
        ["never answers ping"] = c => Frames(c).Any(f => f.Opcode == 9),                         // run 2
        ["wrong accept"] = _ => true,                                                             // run 1: every conversation
        ["corrupts long echoes"] = c => Frames(c).Any(f => f.Payload.Length > 100),              // run 25
        ["masks own frames"] = _ => true,                                                         // run 7: the server's first frame
        ["data after close"] = _ => true,                                                         // run 10: the server's Close
    };

    public static TheoryData<string> Bugs => [.. ShowsTheBug.Keys];

    [Theory]
    [MemberData(nameof(Bugs))]
    public async Task Fuzzer_reports_the_bug_once_shrunk_to_at_most_4_frames(string bug)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var server = CodecEchoServer.Start(FuzzHarness.BrokenServers[bug]);

        var result = await FuzzHarness.RunAsync(server.Uri, FuzzHarness.Options(Runs, Seed), timeout.Token);

        foreach (var found in result.Findings)
        {
            output.WriteLine($"{bug}: run {found.Run} ({found.Deviation}; {found.Occurrences} runs: {FindingText.Categories(found)}), "
                + $"{found.Original.FrameCount} -> {found.Minimal.FrameCount} frames: {found.Minimal.Summary}");
        }

        // One bug, one finding: a second one would be the same bug reported twice.
        var finding = Assert.Single(result.Findings);
        Assert.Equal(Verdict.Failed, finding.Judgement.Behavior);
        Assert.InRange(finding.Minimal.FrameCount, 0, MaxMinimalFrames);
        Assert.True(ShowsTheBug[bug](finding.Minimal), $"the minimal conversation does not show the bug: {finding.Minimal.Summary}");
        FuzzHarness.AssertEveryFailureAccountedFor(result);
    }

    [Fact]
    public void Every_broken_server_has_a_row()
    {
        // The 1-byte close body bug cannot be seen: the server answers with an empty Close, which is always accepted.
        var silent = new[] { "1-byte close bodies" };
        Assert.Equal(FuzzHarness.BrokenServers.Keys.Except(silent).Order(), ShowsTheBug.Keys.Order());
        Assert.True(ShowsTheBug.Count >= 10);
    }

    private static IEnumerable<FrameAction> Frames(Conversation conversation) => conversation.Actions.OfType<FrameAction>();
}
