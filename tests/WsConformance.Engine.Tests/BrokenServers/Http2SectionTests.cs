using WsConformance.Cases.Model;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Running;
using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;
using WsConformance.Targets;
using WsConformance.TestServers;
using Xunit.Abstractions;

namespace WsConformance.Engine.Tests.BrokenServers;

/// <summary>
/// The h2 section (cases/30-http2.yaml): each rule a case judges, broken by a server of our own that breaks exactly that
/// rule, turns the verdict FAILED (NON-STRICT for a SHOULD, UNIMPLEMENTED for the missing setting); Kestrel gets OK.
/// </summary>
[Collection(BrokenServerCollection.Name)]
public sealed class Http2SectionTests(ITestOutputHelper output)
{
    private static readonly RunOptions OverHttp2 = CatalogRun.Options with { Http2 = true };

    [Fact]
    public async Task Kestrel_passes_the_section_over_h2c()
    {
        await using var server = await EchoServer.StartAsync(http2: true);

        var results = await RunAsync(server.Uri, "h2.*");

        Assert.All(results.Where(r => r.Case.Id != "h2.7"), r => Assert.True(r.Behavior == Verdict.Ok, CatalogRun.Describe(r)));
        Assert.Equal(Verdict.Informational, CatalogRun.Find(results, "h2.7").Behavior);
        // The windows really were held: the echo could not complete before the harness gave window back.
        Assert.True(CatalogRun.Find(results, "h2.13").Duration >= TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Over_http11_the_section_is_not_run_and_says_why_whatever_the_server()
    {
        // A server that would accept anything: the cases must not run against it with their HTTP/2 bends ignored.
        await using var server = await EchoServer.StartAsync();

        var results = await CatalogRun.RunAsync(CatalogRun.Select(["h2.*"]), server.Uri, CatalogRun.Options);

        Assert.Equal(13, results.Count);
        Assert.All(results, r =>
        {
            Assert.Equal(Verdict.Unimplemented, r.Behavior);
            Assert.Contains("runs only with --http2", r.Judgement.Result, StringComparison.Ordinal);
            Assert.Equal("", r.HandshakeRequest);
        });
    }

    [Fact]
    public async Task A_server_without_the_setting_is_unimplemented_not_failed()
    {
        await using var server = Http2AnsweringServer.Start((id, _) => Http2AnsweringServer.Status(id, "200"), enableConnectProtocol: false);

        var result = Assert.Single(await RunAsync(server.Uri, "h2.1"));

        Assert.Equal(Verdict.Unimplemented, result.Behavior);
        Assert.Contains("SETTINGS_ENABLE_CONNECT_PROTOCOL", result.Judgement.Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusing_a_correct_extended_connect_fails_h2_2()
    {
        await using var server = Http2AnsweringServer.Start((id, _) => Http2AnsweringServer.Status(id, "404"));

        var result = Assert.Single(await RunAsync(server.Uri, "h2.2"));

        Assert.Equal(Verdict.Failed, result.Behavior);
        var evidence = result.Judgement.Evidence!;
        Assert.Equal("RFC 8441 §5, MUST", evidence.Requirement.Cited());
        Assert.Equal("accepted with a valid 2xx (RFC 8441 §5)", Assert.Single(evidence.Expected).Outcome);
        Assert.Equal("status 404 \"\" (:status 404: only a 2xx response opens the WebSocket.)", Assert.Single(evidence.Actual));
    }

    [Fact]
    public async Task Accepting_malformed_requests_fails_h2_3_to_h2_5()
    {
        await using var server = Http2AnsweringServer.Start((id, _) => Http2AnsweringServer.Status(id, "200"));

        var results = await RunAsync(server.Uri, "h2.3", "h2.4", "h2.5");

        CatalogRun.AssertFailed(results, "h2.3", "h2.4", "h2.5");
        var evidence = CatalogRun.Find(results, "h2.4").Judgement.Evidence!;
        Assert.Equal(["refused with RST_STREAM PROTOCOL_ERROR", "any refusal"], evidence.Expected.Select(e => e.Outcome));
    }

    [Fact]
    public async Task Refusing_malformed_requests_with_a_4xx_is_non_strict_and_with_reset_protocol_error_ok()
    {
        await using var answering = Http2AnsweringServer.Start((id, _) => Http2AnsweringServer.Status(id, "400"));
        await using var resetting = Http2AnsweringServer.Start((id, _) => [Http2Frames.RstStream(id, Http2ErrorCode.ProtocolError)]);
        await using var cancelling = Http2AnsweringServer.Start((id, _) => [Http2Frames.RstStream(id, Http2ErrorCode.Cancel)]);

        Assert.All(await RunAsync(answering.Uri, "h2.3", "h2.4", "h2.5"), r => Assert.Equal(Verdict.NonStrict, r.Behavior));
        Assert.All(await RunAsync(resetting.Uri, "h2.3", "h2.4", "h2.5"), r => Assert.Equal(Verdict.Ok, r.Behavior));
        var cancelled = await RunAsync(cancelling.Uri, "h2.4");
        Assert.Equal(Verdict.NonStrict, Assert.Single(cancelled).Behavior);
        Assert.Contains("RST_STREAM CANCEL instead of a response", cancelled[0].Judgement.Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_a_websocket_for_an_unknown_protocol_is_non_strict_in_h2_6()
    {
        await using var server = Http2AnsweringServer.Start((id, _) => Http2AnsweringServer.Status(id, "200"));

        var result = Assert.Single(await RunAsync(server.Uri, "h2.6"));

        Assert.Equal(Verdict.NonStrict, result.Behavior);
        Assert.Contains("SHOULD", result.Judgement.Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusing_a_request_that_carries_sec_websocket_key_is_non_strict_in_h2_8()
    {
        await using var server = Http2AnsweringServer.Start((id, fields) =>
            Http2AnsweringServer.Status(id, fields.Any(f => f.Name == "sec-websocket-key") ? "400" : "200"));

        var result = Assert.Single(await RunAsync(server.Uri, "h2.8"));

        Assert.Equal(Verdict.NonStrict, result.Behavior);
        Assert.Contains("sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==", result.HandshakeRequest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task End_stream_on_the_connect_is_recorded_as_informational_and_shown_in_the_request()
    {
        await using var server = Http2AnsweringServer.Start((id, _) => [Http2Frames.RstStream(id, Http2ErrorCode.ProtocolError)]);

        var result = Assert.Single(await RunAsync(server.Uri, "h2.7"));

        Assert.Equal(Verdict.Informational, result.Behavior);
        Assert.Contains("END_STREAM set on the HEADERS frame", result.HandshakeRequest, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("h2.9")]
    [InlineData("h2.13")]
    public async Task Sending_past_the_harness_window_fails_the_flow_control_cases(string id)
    {
        var echo = new Http2AnsweringServer.WindowIgnoringEcho();
        await using var server = AcceptingEvery(echo.OnData);

        var result = Assert.Single(await RunAsync(server.Uri, id));

        Assert.Equal(Verdict.Failed, result.Behavior);
        Assert.Equal("RFC 9113 §6.9.1, MUST", result.Judgement.Evidence!.Requirement.Cited());
        Assert.Contains("FLOW_CONTROL_ERROR", result.Close!.WasNotCleanReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ending_the_connection_when_the_window_runs_out_fails_h2_13()
    {
        var impatient = new Http2AnsweringServer.EndsConnectionWhenWindowRunsOut();
        await using var server = AcceptingEvery(impatient.OnData);

        var result = Assert.Single(await RunAsync(server.Uri, "h2.13"));

        Assert.Equal(Verdict.Failed, result.Behavior);
        Assert.Contains("ENHANCE_YOUR_CALM", result.Close!.WasNotCleanReason, StringComparison.Ordinal);
        Assert.Contains(result.WireLog, entry => entry is NoteEntry { Text: var text } && text.Contains("no WINDOW_UPDATE for 2000 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_window_ignoring_echo_echoes_what_fits_in_the_window()
    {
        var echo = new Http2AnsweringServer.WindowIgnoringEcho();
        await using var server = AcceptingEvery(echo.OnData);

        var result = Assert.Single(await RunAsync(server.Uri, "h2.2"));

        Assert.Equal(Verdict.Ok, result.Behavior);
    }

    [Fact]
    public async Task A_server_that_opens_only_the_first_stream_fails_h2_10_to_h2_12()
    {
        var echo = new Http2AnsweringServer.WindowIgnoringEcho();
        await using var server = Http2AnsweringServer.Start((id, _) => Http2AnsweringServer.Status(id, id == 1 ? "200" : "400"), onData: echo.OnData);

        var results = await RunAsync(server.Uri, "h2.10", "h2.11", "h2.12");

        CatalogRun.AssertFailed(results, "h2.10", "h2.11", "h2.12");
        var evidence = CatalogRun.Find(results, "h2.10").Judgement.Evidence!;
        Assert.Equal("RFC 9113 §5, MUST", evidence.Requirement.Cited());
        Assert.StartsWith("sibling stream 3 was refused: :status \"400\"", Assert.Single(evidence.Actual), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_ends_the_connection_with_one_stream_fails_h2_10_to_h2_12()
    {
        var servers = new List<LoopbackServer>();
        try
        {
            foreach (var id in new[] { "h2.10", "h2.11", "h2.12" })
            {
                var broken = new Http2AnsweringServer.ConnectionWideEnds();
                var server = Http2AnsweringServer.Start((stream, _) => Http2AnsweringServer.Status(stream, "200"), onData: broken.OnData, onReset: broken.OnReset);
                servers.Add(server);
                var result = Assert.Single(await RunAsync(server.Uri, id));

                Assert.Equal(Verdict.Failed, result.Behavior);
                Assert.Contains("sibling stream 5", result.Judgement.Evidence!.Actual[0], StringComparison.Ordinal);
                Assert.Contains("PROTOCOL_ERROR", result.Judgement.Evidence.Actual[0], StringComparison.Ordinal);
            }
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_server_that_allows_one_stream_at_a_time_is_unimplemented_not_failed_on_h2_10()
    {
        var echo = new Http2AnsweringServer.WindowIgnoringEcho();
        await using var server = Http2AnsweringServer.Start((id, _) => Http2AnsweringServer.Status(id, "200"), onData: echo.OnData, maxConcurrentStreams: 1);

        var result = Assert.Single(await RunAsync(server.Uri, "h2.10"));

        Assert.Equal(Verdict.Unimplemented, result.Behavior);
        Assert.Contains("SETTINGS_MAX_CONCURRENT_STREAMS", result.Judgement.Result, StringComparison.Ordinal);
    }

    [Fact]
    public void The_section_runs_only_over_http2()
    {
        var section = CatalogRun.Select(["h2.*"]);

        Assert.Equal(section, Http2Applicability.NotCarried(section, http2: false));
        Assert.Empty(Http2Applicability.NotCarried(section, http2: true));
        Assert.All(section, c => Assert.Equal(Testees.Servers, c.Testees));
    }

    /// <summary>A codec server that answers every request with :status 200 and hands the client's DATA to <paramref name="onData"/>.</summary>
    private static LoopbackServer AcceptingEvery(Func<uint, byte[], bool, Http2FrameSpec[]> onData) =>
        Http2AnsweringServer.Start((id, _) => Http2AnsweringServer.Status(id, "200"), onData: onData);

    private async Task<IReadOnlyList<CaseResult>> RunAsync(Uri uri, params string[] ids)
    {
        var results = await CatalogRun.RunAsync(CatalogRun.Select(ids), uri, OverHttp2);
        output.WriteLine(CatalogRun.Describe(results));
        return results;
    }
}
