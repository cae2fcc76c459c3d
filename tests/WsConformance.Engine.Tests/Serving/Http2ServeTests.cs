using System.Net.Sockets;
using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Engine.Serving;
using WsConformance.Engine.Transport.Http2;
using WsConformance.Engine.Tests.BrokenServers;
using WsConformance.TestServers;
using Xunit.Abstractions;

namespace WsConformance.Engine.Tests.Serving;

/// <summary>
/// <c>wsconf serve --http2</c> (RFC 8441) with .NET's ClientWebSocket as the client under test over h2c: the same cases get
/// the same verdicts as over HTTP/1.1, except those that bend the RFC 6455 upgrade, which are skipped and listed.
/// </summary>
[Collection(BrokenServerCollection.Name)]
public sealed class Http2ServeTests(ITestOutputHelper output)
{
    private static readonly string[] Subset = ["1.*", "2.*", "3.*", "4.*", "5.*", "7.1.*", "7.3.*", "handshake-response.*"];

    [Fact]
    public async Task ClientWebSocket_over_h2c_gets_the_HTTP_1_1_verdicts()
    {
        var overHttp2 = await ServeRun.RunAsync((url, token) => ClientWebSocketEcho.RunOverHttp2Async(url, null, token), o => o with { Http2 = true }, Subset);

        await AssertSameVerdictsAsHttp11Async(overHttp2, Transports.Http2Cleartext);
    }

    /// <summary>wss:// with ALPN h2, the server's certificate trusted by the handler's SslOptions as a user trusts the generated CA.</summary>
    [Fact]
    public async Task ClientWebSocket_over_TLS_with_ALPN_h2_gets_the_HTTP_1_1_verdicts()
    {
        using var certificate = TestCertificates.CreateSelfSigned();
        var overHttp2 = await ServeRun.RunAsync((url, token) => ClientWebSocketEcho.RunOverHttp2Async(url, certificate, token),
            o => o with { Http2 = true, Certificate = certificate }, Subset);

        await AssertSameVerdictsAsHttp11Async(overHttp2, Transports.Http2Tls);
    }

    private async Task AssertSameVerdictsAsHttp11Async(IReadOnlyList<CaseResult> overHttp2, string transport)
    {
        var overHttp11 = await ServeRun.RunAsync(ClientWebSocketEcho.RunAsync, Subset);
        output.WriteLine(CatalogRun.Describe(overHttp2.Where(r => r.Behavior != Verdict.Ok)));

        Assert.All(overHttp2, r => Assert.Equal(transport, r.Transport));
        var skipped = overHttp2.Where(r => r.Behavior == Verdict.Unimplemented).Select(r => r.Case.Id).ToList();
        Assert.Equal(["handshake-response.1", "handshake-response.2", "handshake-response.3", "handshake-response.4", "handshake-response.5",
            "handshake-response.6", "handshake-response.7"], skipped);
        var differ = overHttp2.Zip(overHttp11).Where(p => p.First.Behavior != Verdict.Unimplemented && p.First.Behavior != p.Second.Behavior)
            .Select(p => $"{p.First.Case.Id}: HTTP/2 {p.First.Behavior}, HTTP/1.1 {p.Second.Behavior}").ToList();
        Assert.True(differ.Count == 0, string.Join(Environment.NewLine, differ));
    }

    /// <summary>
    /// The RFC 8441 cases: ClientWebSocket over h2c refuses a non-200 answer (OK), keeps the WebSocket after the setting is
    /// withdrawn (INFORMATIONAL, as the case forces) and stays off a reset stream; over HTTP/1.1 they are skipped and listed,
    /// never faked. (http2-response.5 needs its client's cases one after another: <see cref="Http2WithheldSettingTests"/>.)
    /// </summary>
    [Fact]
    public async Task ClientWebSocket_gets_the_RFC_8441_cases_over_h2c_and_has_them_skipped_over_HTTP_1_1()
    {
        string[] cases = ["http2-response.1", "http2-response.2", "http2-response.3", "http2-response.4"];
        var overHttp2 = await ServeRun.RunAsync((url, token) => ClientWebSocketEcho.RunOverHttp2Async(url, null, token), o => o with { Http2 = true }, cases);
        var overHttp11 = await ServeRun.RunAsync(ClientWebSocketEcho.RunAsync, o => o with { Http2 = true }, "http2-response.*");
        output.WriteLine(CatalogRun.Describe(overHttp2));

        Assert.Equal([Verdict.Ok, Verdict.Ok, Verdict.Ok, Verdict.Informational], overHttp2.Select(r => r.Behavior));
        Assert.All(overHttp11, r => Assert.Equal(Verdict.Unimplemented, r.Behavior));
        Assert.All(overHttp11, r => Assert.Contains("the client came over HTTP/1.1 (skipped)", r.Judgement.Reason, StringComparison.Ordinal));
    }

    /// <summary>
    /// The codec's own HTTP/2 client passes, whether it resets a refused stream or reads it to its end; with the flaw that
    /// breaks RFC 8441 §5 (an echo after a 403 or 500) it turns the status cases FAILED.
    /// </summary>
    [Theory]
    [InlineData(Http2ClientFlaw.None, Verdict.Ok)]
    [InlineData(Http2ClientFlaw.IgnoresStatus, Verdict.Failed)]
    [InlineData(Http2ClientFlaw.ReadsTheRefusalToItsEnd, Verdict.Ok)]
    public async Task A_client_that_opens_the_WebSocket_on_a_non_200_answer_fails_the_status_cases(Http2ClientFlaw flaw, Verdict expected)
    {
        var results = await ServeRun.RunAsync((url, token) => Http2CodecClient.RunAsync(url, flaw, token), o => o with { Http2 = true },
            "http2-response.1", "http2-response.2");
        output.WriteLine(CatalogRun.Describe(results));

        Assert.All(results, r => Assert.Equal(expected, r.Behavior));
        Assert.All(results, r => Assert.Equal(Transports.Http2Cleartext, r.Transport));
    }

    /// <summary>
    /// After the withdrawn setting the harness sends GOAWAY, so a client that shares its connection between requests (one
    /// handler for every case, as a browser does) runs its next case on a fresh connection that advertises the setting.
    /// </summary>
    [Fact]
    public async Task After_the_withdrawn_setting_a_client_sharing_its_connection_runs_the_next_case_on_a_new_one()
    {
        var cases = ServeRun.Select("http2-response.3", "1.1.1");
        await using var server = ServeRun.Start(cases, configure: o => o with { Http2 = true });
        using var handler = new SocketsHttpHandler();
        using var invoker = new HttpMessageInvoker(handler);
        using var timeout = new CancellationTokenSource(IdleBound);

        // The withdrawing case first, then one on what must be a fresh connection.
        foreach (var definition in cases.OrderBy(c => c.Transport == CaseTransport.Http2 ? 0 : 1))
        {
            await ClientWebSocketEcho.RunAsync(ServeRun.CaseUrl(server, definition), invoker, timeout.Token);
            await server.Results.WaitForAsync(ServeRun.Agent, definition.Id, timeout.Token);
        }

        var results = server.Results.Snapshot([.. cases.Select(c => c.Id)]);
        output.WriteLine(CatalogRun.Describe(results));
        var withdrawn = CatalogRun.Find(results, "http2-response.3");
        output.WriteLine($"http2-response.3: events {string.Join(", ", withdrawn.Events)}; close {withdrawn.Close}; {withdrawn.Judgement.Reason}");
        Assert.Equal(Verdict.Informational, withdrawn.Behavior);
        Assert.Equal(Verdict.Ok, CatalogRun.Find(results, "1.1.1").Behavior);
    }

    /// <summary>
    /// http2-response.4: the harness resets the stream after half a message and PINGs. A client that acknowledges the PING and
    /// then sends a Close frame on the stream it knows is reset is FAILED (RFC 9113 §5.1); the same client staying off it is OK.
    /// </summary>
    [Theory]
    [InlineData(false, Verdict.Ok, "sent nothing more on the stream")]
    [InlineData(true, Verdict.Failed, "the client sent DATA (")]
    public async Task A_client_that_sends_on_a_stream_after_reading_its_reset_fails_the_reset_case(bool usesResetStream, Verdict expected, string because)
    {
        var client = new Http2ResetScriptClient(usesResetStream);
        var result = await RunResetCaseAsync(client.RunAsync);

        Assert.Equal(usesResetStream, client.SentAfterReset);
        Assert.Equal(expected, result.Behavior);
        Assert.Contains(because, result.Judgement.Reason, StringComparison.Ordinal);
    }

    /// <summary>ClientWebSocket on a connection it keeps (one handler for every case) reads the reset and stays off the stream.</summary>
    [Fact]
    public async Task ClientWebSocket_keeping_its_connection_stays_off_a_reset_stream()
    {
        using var handler = new SocketsHttpHandler();
        using var invoker = new HttpMessageInvoker(handler);
        var result = await RunResetCaseAsync((url, token) => ClientWebSocketEcho.RunAsync(url, invoker, token));

        Assert.Equal(Verdict.Ok, result.Behavior);
        Assert.Contains("sent nothing more on the stream", result.Judgement.Reason, StringComparison.Ordinal);
    }

    /// <summary>Runs http2-response.4 with <paramref name="client"/>, which is stopped once the harness has judged the case.</summary>
    private async Task<CaseResult> RunResetCaseAsync(Func<Uri, CancellationToken, Task> client)
    {
        var cases = ServeRun.Select("http2-response.4");
        await using var server = ServeRun.Start(cases, configure: o => o with { Http2 = true });
        using var timeout = new CancellationTokenSource(IdleBound);
        using var stopClient = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var running = client(ServeRun.CaseUrl(server, cases[0]), stopClient.Token);
        await server.Results.WaitForAsync(ServeRun.Agent, cases[0].Id, timeout.Token);
        await stopClient.CancelAsync();
        await running;

        var result = CatalogRun.Find(server.Results.Snapshot([cases[0].Id]), cases[0].Id);
        output.WriteLine(CatalogRun.Describe([result]));
        Assert.Equal(Transports.Http2Cleartext, result.Transport);
        return result;
    }

    /// <summary>A browser keeps its HTTP/2 connection open while idle: only streams in flight count as activity.</summary>
    [Fact]
    public async Task An_idle_HTTP_2_connection_does_not_hold_off_the_idle_timeout()
    {
        await using var server = ServeRun.Start(ServeRun.Select("1.1.1"), idleTimeout: TimeSpan.FromSeconds(1), configure: o => o with { Http2 = true });
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.Url.Host, server.Url.Port);
        await using var connection = new Http2ClientConnection(socket, new NetworkStream(socket, ownsSocket: false), TimeProvider.System);
        await connection.StartAsync(CancellationToken.None);

        Assert.True(await connection.ServerSettings.WaitAsync(IdleBound));
        Assert.Equal(ServeStopReason.Idle, await server.Stopped.WaitAsync(IdleBound));
    }

    private static readonly TimeSpan IdleBound = TimeSpan.FromSeconds(30);
}
