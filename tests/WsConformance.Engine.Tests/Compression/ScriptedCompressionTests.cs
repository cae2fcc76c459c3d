using System.Text;
using WsConformance.Cases;
using WsConformance.Cases.Model;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Running;
using WsConformance.Engine.Tests.Transport;
using WsConformance.Protocol;
using WsConformance.Protocol.Compression;

namespace WsConformance.Engine.Tests.Compression;

/// <summary>
/// The harness as permessage-deflate client against scripted servers: it rejects answers RFC 7692 forbids, inflates
/// what a server compresses, and fails the connection on compressed traffic that breaks the rules, with bounded memory.
/// </summary>
public sealed class ScriptedCompressionTests
{
    private const string Offer = "permessage-deflate; client_no_context_takeover; client_max_window_bits";

    /// <summary>A case that offers <paramref name="offer"/>, then waits for whatever the server sends and closes.</summary>
    private static CaseDefinition WaitingCase(string offer, string expect = "{ OK: [] }") => Assert.Single(CatalogLoader.Parse($$"""
        section: test
        title: T
        cases:
          - id: t
            title: t
            rfc: { document: RFC 7692, section: "7", level: MUST, text: "x" }
            compression: { offers: ["{{offer}}"], declined: UNIMPLEMENTED }
            bulk: true
            steps: [ { pause: { duration: 300ms } } ]
            expect: {{expect}}
            close: { by: harness, codes: [1000], clean: optional }
        """, "test.yaml").Cases);

    private static byte[] Upgrade(string request, string extensions) => Encoding.Latin1.GetBytes(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + $"Sec-WebSocket-Accept: {ScriptedServer.AcceptFor(request)}\r\nSec-WebSocket-Extensions: {extensions}\r\n\r\n");

    private static byte[] Frame(byte opcode, bool fin, byte rsv, byte[] payload) =>
        FrameEncoder.Encode(new FrameSpec(fin, rsv, opcode, Masked: false, MaskKey: 0, payload));

    private static async Task<CaseResult> RunAgainstAsync(CaseDefinition definition, Func<string, IEnumerable<byte[]>> writes)
    {
        await using var server = ScriptedServer.Replying(writes);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await CaseRunner.RunAsync(definition, new Target(server.Uri(), "scripted"), new RunOptions(), timeout.Token);
    }

    [Theory]
    [InlineData("permessage-deflate", "permessage-deflate; client_max_window_bits=10")]
    [InlineData(Offer + "; server_no_context_takeover", "permessage-deflate")]
    [InlineData(Offer, "permessage-deflate; server_max_window_bits=16")]
    [InlineData(Offer, "permessage-deflate, permessage-deflate")]
    public async Task An_answer_RFC_7692_forbids_is_FAILED(string offer, string answer)
    {
        var result = await RunAgainstAsync(WaitingCase(offer), request => [Upgrade(request, answer)]);

        Assert.Equal(Verdict.Failed, result.Behavior);
        Assert.Contains("RFC 7692", result.Judgement.Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_request_carries_the_offers_exactly()
    {
        await using var server = ScriptedServer.Replying(request => [Upgrade(request, "permessage-deflate")]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await CaseRunner.RunAsync(WaitingCase(Offer), new Target(server.Uri(), "scripted"), new RunOptions(), timeout.Token);

        Assert.Contains($"\r\nSec-WebSocket-Extensions: {Offer}\r\n", await server.Request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_compressed_message_in_two_frames_is_inflated()
    {
        var definition = WaitingCase(Offer, """{ OK: [ { message: { text: "Hello" } } ] }""");

        // RFC 7692 §7.2.3.1, split as in its fragmented example: RSV1 on the first frame only.
        var result = await RunAgainstAsync(definition, request =>
            [Upgrade(request, "permessage-deflate"), Frame(Opcodes.Text, false, 4, [0xf2, 0x48, 0xcd]), Frame(Opcodes.Continuation, true, 0, [0xc9, 0xc9, 0x07, 0x00])]);

        var message = Assert.IsType<MessageEvent>(Assert.Single(result.Events));
        Assert.True(message.Compressed);
        Assert.Equal(5, message.Length);
    }

    [Theory]
    [InlineData("RSV1 on the continuation", new byte[] { 0xf2, 0x48, 0xcd }, true, 1002)]
    [InlineData("corrupt DEFLATE data", new byte[] { 0x07, 0x00 }, false, 1007)]
    public async Task Compressed_traffic_that_breaks_the_rules_fails_the_connection(string what, byte[] first, bool rsv1OnContinuation, int code)
    {
        _ = what;
        var result = await RunAgainstAsync(WaitingCase(Offer), request =>
            [Upgrade(request, "permessage-deflate"), Frame(Opcodes.Text, false, 4, first), Frame(Opcodes.Continuation, true, (byte)(rsv1OnContinuation ? 4 : 0), [0xc9, 0xc9, 0x07, 0x00])]);

        Assert.Empty(result.Events);
        Assert.Equal(code, result.Close?.LocalCloseCode);
    }

    [Fact]
    public async Task A_ping_with_RSV1_fails_the_connection()
    {
        var result = await RunAgainstAsync(WaitingCase(Offer), request => [Upgrade(request, "permessage-deflate"), Frame(Opcodes.Ping, true, 4, [])]);

        Assert.Equal(1002, result.Close?.LocalCloseCode);
    }

    [Fact]
    public async Task A_decompression_bomb_stops_at_the_message_limit_with_1009()
    {
        using var deflater = new MessageDeflater();
        var bomb = deflater.CompressPieces(new RepeatedPayload([0], 128L * 1024 * 1024).Pieces());

        var result = await RunAgainstAsync(WaitingCase(Offer), request => [Upgrade(request, "permessage-deflate"), Frame(Opcodes.Binary, true, 4, bomb)]);

        Assert.Empty(result.Events);
        Assert.Equal(1009, result.Close?.LocalCloseCode);
    }

    [Fact]
    public async Task A_declined_offer_closes_at_once_with_the_declined_verdict()
    {
        var result = await RunAgainstAsync(WaitingCase(Offer), request => [Encoding.Latin1.GetBytes(ScriptedServer.SwitchingProtocols(request))]);

        Assert.Equal(Verdict.Unimplemented, result.Behavior);
        Assert.Equal(1000, result.Close?.LocalCloseCode);
    }
}
