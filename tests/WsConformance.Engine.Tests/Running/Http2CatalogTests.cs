using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Engine.Tests.BrokenServers;
using WsConformance.Targets;
using Xunit.Abstractions;

namespace WsConformance.Engine.Tests.Running;

/// <summary>
/// The catalog over HTTP/2 (RFC 8441, h2c) against Kestrel gets the verdicts the same Kestrel gets over HTTP/1.1, case
/// by case, except the documented differences (see the Engine README, "WebSockets over HTTP/2").
/// </summary>
public sealed class Http2CatalogTests(ITestOutputHelper output)
{
    /// <summary>
    /// The compression payload sections (216 cases of 1000 round trips each) and most of section 9 would make this test
    /// take many minutes; one case of each sub-section stays, and section 9's 16 MiB messages (flow control at scale).
    /// </summary>
    private static readonly string[] Excluded = ["12.*", "13.*", "9.*"];

    private static readonly string[] KeptFromExcluded = ["12.1.1", "12.2.1", "12.3.1", "12.4.1", "12.5.1", "13.1.1", "13.3.1", "13.7.1", "9.1.1", "9.1.6", "9.2.6", "9.3.1", "9.4.1", "9.7.1"];

    /// <summary>Kestrel races inside itself on these (echo the valid message or fail first): OK and NON-STRICT both happen over HTTP/1.1 too.</summary>
    private static readonly string[] KnownRaces = ["3.2", "3.3", "3.4", "4.1.3", "4.1.4", "4.1.5", "4.2.3", "4.2.4", "4.2.5", "5.15"];

    [Fact]
    public async Task Kestrel_gets_the_same_verdicts_over_h2c_as_over_http11()
    {
        var all = CatalogRun.Select([], Excluded).Concat(CatalogRun.Select(KeptFromExcluded)).ToList();
        var http11Only = Http2Applicability.Http11Only(all);
        var overHttp2 = all.Except(http11Only).ToList();

        await using var http11Server = await EchoServer.StartAsync(compression: true);
        var http11 = await RunAsync(all, http11Server.Uri, http2: false);
        await using var http2Server = await EchoServer.StartAsync(compression: true, http2: true);
        var http2 = await RunAsync(overHttp2, http2Server.Uri, http2: true);

        Assert.All(http2, result => Assert.Equal(Transports.Http2Cleartext, result.Transport));
        Assert.Equal(
            ["handshake.10", "handshake.14", "handshake.15", "handshake.16", "handshake.17", "handshake.18", "handshake.2", "handshake.3",
                "handshake.4", "handshake.5", "handshake.6", "handshake.7", "handshake.8", "handshake.9"],
            http11Only.Select(c => c.Id).Order(StringComparer.Ordinal));
        var differences = http2.Select(result => (Http2: result, Http11: CatalogRun.Find(http11, result.Case.Id)))
            .Where(pair => pair.Http2.Behavior != pair.Http11.Behavior || pair.Http2.BehaviorClose != pair.Http11.BehaviorClose)
            .Where(pair => !IsKnownRace(pair.Http2, pair.Http11))
            .Select(pair => $"HTTP/2: {CatalogRun.Describe(pair.Http2)}{Environment.NewLine}HTTP/1.1: {CatalogRun.Describe(pair.Http11)}")
            .ToList();
        output.WriteLine($"{http2.Count} cases over h2c, {http11.Count} over HTTP/1.1, {http11Only.Count} HTTP/1.1-only");
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    private static bool IsKnownRace(CaseResult http2, CaseResult http11) =>
        KnownRaces.Contains(http2.Case.Id) && http2.Behavior is Verdict.Ok or Verdict.NonStrict && http11.Behavior is Verdict.Ok or Verdict.NonStrict
        && http2.BehaviorClose == http11.BehaviorClose;

    private static async Task<IReadOnlyList<CaseResult>> RunAsync(IReadOnlyList<CaseDefinition> cases, Uri uri, bool http2)
    {
        var run = await ConformanceRun.RunAsync(cases, [new Target(uri, "kestrel")], CatalogRun.Options with { Http2 = http2 }, null, CancellationToken.None);
        Assert.True(run.Complete);
        Assert.Equal(cases.Count, run.Results.Count);
        return run.Results;
    }
}
