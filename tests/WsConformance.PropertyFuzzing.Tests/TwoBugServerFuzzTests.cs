using WsConformance.Cases.Model;
using WsConformance.PropertyFuzzing.Reporting;
using WsConformance.Protocol;
using WsConformance.TestServers;
using Xunit.Abstractions;
using Broken = WsConformance.TestServers.BrokenServers;

namespace WsConformance.PropertyFuzzing.Tests;

/// <summary>
/// A server with two bugs gives two findings, one showing each bug: findings are told apart by what the server does
/// wrong, so two bugs are neither merged into one nor split into more (seed and runs as in <see cref="BrokenServerFuzzTests"/>).
/// </summary>
public sealed class TwoBugServerFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 42;
    private const int Runs = 400;
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Each server with its two bugs, named as the rows of <see cref="BrokenServerFuzzTests"/>.</summary>
    private static readonly Dictionary<string, (EchoBehaviour Server, string First, string Second)> Servers = new(StringComparer.Ordinal)
    {
        ["no pong, no UTF-8 validation"] = (EchoBehaviour.Correct with { PongPayload = null, IgnoredViolations = new HashSet<ViolationCode> { ViolationCode.InvalidTextUtf8 } },
            "never answers ping", "no UTF-8 validation"),
        ["reserved bits and opcodes"] = (EchoBehaviour.Correct with { IgnoredViolations = new HashSet<ViolationCode> { ViolationCode.ReservedBitsSet, ViolationCode.ReservedOpcode } },
            "reserved bits", "reserved opcodes"),
        ["corrupt long echoes, wrong pongs"] = (Broken.CorruptsLongEchoes with { PongPayload = Broken.PongWithWrongPayload.PongPayload },
            "corrupts long echoes", "wrong pong payload"),
    };

    public static TheoryData<string> ServerNames => [.. Servers.Keys];

    [Theory]
    [MemberData(nameof(ServerNames))]
    public async Task Two_bugs_give_two_findings_one_for_each(string name)
    {
        var (behaviour, first, second) = Servers[name];
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var server = CodecEchoServer.Start(behaviour);

        var result = await FuzzHarness.RunAsync(server.Uri, FuzzHarness.Options(Runs, Seed), timeout.Token);

        foreach (var finding in result.Findings)
        {
            output.WriteLine($"{finding.Deviation} ({finding.Occurrences} runs: {FindingText.Categories(finding)}): {finding.Minimal.Summary}; {finding.Judgement.Result}");
        }

        Assert.Equal(2, result.Findings.Count);
        var showsFirst = BrokenServerFuzzTests.ShowsTheBug[first];
        var showsSecond = BrokenServerFuzzTests.ShowsTheBug[second];
        Assert.Single(result.Findings, f => showsFirst(f.Minimal) && !showsSecond(f.Minimal));
        Assert.Single(result.Findings, f => showsSecond(f.Minimal) && !showsFirst(f.Minimal));
        FuzzHarness.AssertEveryFailureAccountedFor(result);
    }
}
