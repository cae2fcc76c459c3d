using WsConformance.Cases;
using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Engine.Tests.Interop;
using WsConformance.PropertyFuzzing.Reporting;
using WsConformance.PropertyFuzzing.Running;
using WsConformance.Targets;
using WsConformance.TestServers;
using WsConformance.TestServers.External;
using Xunit.Abstractions;

namespace WsConformance.PropertyFuzzing.Tests;

/// <summary>
/// <c>wsconf fuzz property --http2</c>: every conversation runs over its own RFC 8441 stream (h2c). Kestrel, which speaks
/// RFC 8441 itself, gives no finding; a broken server behind nghttpx (an RFC 8441 front end) is found as over HTTP/1.1,
/// and its counterexample replays over HTTP/2 with the same verdict.
/// </summary>
public sealed class Http2FuzzTests(ITestOutputHelper output)
{
    private const int Seed = 42;
    private const int CorrectServerRuns = 200;
    private const int BrokenServerRuns = 200;
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Kestrel_over_h2c_gives_no_finding()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var server = await EchoServer.StartAsync(http2: true, cancellationToken: timeout.Token);

        var result = await FuzzHarness.RunAsync(server.Uri, FuzzHarness.OverHttp2(FuzzHarness.Options(CorrectServerRuns, Seed)), timeout.Token);

        output.WriteLine($"{result.Runs} runs: {string.Join(", ", result.Verdicts.Select(v => $"{v.Value} {v.Key}"))}; {result.Flaky} flaky");
        Assert.Empty(result.Findings.Select(f => $"{f.Deviation}: {f.Minimal.Summary}"));
        Assert.Equal(CorrectServerRuns, result.Runs + result.Skipped);
        Assert.True(result.Verdicts.GetValueOrDefault("OK") > CorrectServerRuns / 2, "most conversations should pass");
        Assert.False(result.Verdicts.ContainsKey("UNIMPLEMENTED"), "every conversation should have had its HTTP/2 stream");
    }

    [Http2FrontEndFact(Http2Proxy.Nghttpx)]
    public Task A_server_without_utf8_validation_behind_nghttpx_is_found_over_h2c() => AssertFoundAndReplayed("no UTF-8 validation");

    [Http2FrontEndFact(Http2Proxy.Nghttpx)]
    public Task A_server_that_never_answers_pings_behind_nghttpx_is_found_over_h2c() => AssertFoundAndReplayed("never answers ping");

    private async Task AssertFoundAndReplayed(string bug)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using var server = CodecEchoServer.Start(FuzzHarness.BrokenServers[bug]);
        await using var proxy = await Http2FrontEnd.StartNghttpxAsync(server.Uri, timeout.Token);
        var options = FuzzHarness.OverHttp2(FuzzHarness.Options(BrokenServerRuns, Seed, stopAfterFindings: 1));

        var result = await FuzzHarness.RunAsync(proxy.Uri, options, timeout.Token);

        var finding = Assert.Single(result.Findings);
        output.WriteLine($"{bug}: run {finding.Run}, {finding.Minimal.FrameCount} frames: {finding.Minimal.Summary}");
        Assert.Equal(Verdict.Failed, finding.Judgement.Behavior);
        Assert.Equal(Transports.Http2Cleartext, finding.MinimalResult.Transport);
        Assert.True(BrokenServerFuzzTests.ShowsTheBug[bug](finding.Minimal), $"the minimal conversation does not show the bug: {finding.Minimal.Summary}");
        await AssertReplaysOverHttp2(result, proxy.Uri, options, timeout.Token);
    }

    private static async Task AssertReplaysOverHttp2(FuzzResult result, Uri target, FuzzOptions options, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("fuzz-h2-replay-").FullName;
        try
        {
            var written = FindingFiles.WriteCaseFile(folder, result, target, options);
            var caseFile = written.Findings[0].CaseFile!;
            Assert.Contains("over HTTP/2 (h2c) (replay with wsconf run --http2)", File.ReadAllText(caseFile), StringComparison.Ordinal);
            var cases = CatalogLoader.LoadDirectory(Path.GetDirectoryName(caseFile)!).Cases;

            var replay = await ConformanceRun.RunAsync(cases, [new Target(target, "replay")], options.EngineOptions, null, cancellationToken);

            Assert.Equal(written.Findings.Select(f => (f.MinimalResult.Case.Id, f.Judgement.Behavior)), replay.Results.Select(r => (r.Case.Id, r.Behavior)));
            Assert.All(replay.Results, r => Assert.Equal(Transports.Http2Cleartext, r.Transport));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
