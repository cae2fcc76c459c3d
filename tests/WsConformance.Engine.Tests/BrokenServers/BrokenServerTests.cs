using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.TestServers;
using Xunit.Abstractions;
using Broken = WsConformance.TestServers.BrokenServers;

namespace WsConformance.Engine.Tests.BrokenServers;

/// <summary>
/// Each broken server breaks one rule; the family of cases that checks that rule must turn the bug into
/// FAILED. The case ids named here were checked by hand against the behaviour of the server and Autobahn's
/// verdict rules (reference/autobahn.md §3).
/// </summary>
[Collection(BrokenServerCollection.Name)]
public sealed class BrokenServerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Echoing_frames_with_reserved_bits_fails_section_3()
    {
        var results = await RunAsync(Broken.IgnoresReservedBits, "3.*");

        CatalogRun.AssertFailed(results, "3.1", "3.2", "3.3", "3.4", "3.5", "3.6");
    }

    [Fact]
    public async Task Skipping_reserved_opcodes_fails_section_4()
    {
        var results = await RunAsync(Broken.AcceptsReservedOpcodes, "4.*");

        // The ping behind the reserved frame gets its pong, where the connection should have been failed.
        CatalogRun.AssertFailed(results, "4.1.3", "4.1.4", "4.1.5", "4.2.3", "4.2.4", "4.2.5");
    }

    [Fact]
    public async Task Accepting_unmasked_client_frames_fails_the_masking_cases()
    {
        var results = await RunAsync(Broken.AcceptsUnmaskedFrames, "masking.*");

        CatalogRun.AssertFailed(results, "masking.1", "masking.6", "masking.7");
        CatalogRun.AssertNotFailed(results, "masking.10");
    }

    [Fact]
    public async Task Answering_a_126_byte_ping_fails_case_2_5_and_a_126_byte_close_fails_7_3_6()
    {
        var results = await RunAsync(Broken.AcceptsLongControlFrames, "2.5", "7.3.6");

        // Autobahn's 2.5: the over-long pong makes the harness fail the connection before it is delivered, so
        // the event list is empty (behavior OK) and the harness is the wrong closer (behaviorClose FAILED).
        Assert.Equal(CloseVerdict.Failed, CatalogRun.Find(results, "2.5").BehaviorClose);
        // 7.3.6: the server answers the 126-byte Close with 1000 instead of 1002: WRONG CODE, fatal in 7.3.
        CatalogRun.AssertFailed(results, "7.3.6");
    }

    [Fact]
    public async Task Ignoring_fragmentation_rules_fails_section_5()
    {
        var results = await RunAsync(Broken.AcceptsFragmentationErrors, "5.*");

        CatalogRun.AssertFailed(results, "5.1", "5.9", "5.10", "5.11", "5.12", "5.13", "5.14", "5.15", "5.16", "5.17", "5.18");
        CatalogRun.AssertNotFailed(results, "5.3", "5.8", "5.19", "5.20");
    }

    [Fact]
    public async Task Echoing_invalid_utf8_fails_section_6()
    {
        var results = await RunAsync(Broken.SkipsUtf8Validation, "6.*");

        CatalogRun.AssertFailed(results, "6.3.1", "6.3.2", "6.4.1", "6.4.2", "6.4.3", "6.4.4", "6.6.1", "6.6.3", "6.8.1", "6.21.1");
        CatalogRun.AssertNotFailed(results, "6.1.1", "6.2.1", "6.5.1", "6.5.5", "6.6.2");
    }

    [Fact]
    public async Task Answering_invalid_close_codes_with_1000_fails_7_9()
    {
        var results = await RunAsync(Broken.AcceptsInvalidCloseCodes, "7.9.*");

        CatalogRun.AssertFailed(results, "7.9.1", "7.9.2", "7.9.3", "7.9.4", "7.9.5", "7.9.6", "7.9.7", "7.9.8", "7.9.9");
    }

    [Fact]
    public async Task Never_answering_close_makes_the_closing_handshake_unclean()
    {
        var results = await RunAsync(Broken.NeverAnswersClose, "7.1.*", "1.1.1");

        // Autobahn (§3.2): the harness closed, got no Close back and had to drop TCP itself, so the close axis
        // is UNCLEAN where a clean close is required. Only WRONG CODE escalates into behavior in 7.1, and a
        // server that never answers sends no code: behavior is FAILED only where the server went on
        // processing frames sent after the Close (7.1.3 pong, 7.1.4 echo, 7.1.5 message).
        foreach (var id in new[] { "1.1.1", "7.1.1", "7.1.2", "7.1.3", "7.1.4", "7.1.5" })
        {
            var result = CatalogRun.Find(results, id);
            var close = result.Close!;
            Assert.True(
                result.BehaviorClose == CloseVerdict.Unclean && close.ClosedByMe && close.DroppedByMe && close.RemoteCloseCode is null,
                $"{CatalogRun.Describe(result)} {close}");
        }

        CatalogRun.AssertFailed(results, "7.1.3", "7.1.4", "7.1.5");
    }

    [Fact]
    public async Task Pong_with_a_different_payload_fails_section_2()
    {
        var results = await RunAsync(Broken.PongWithWrongPayload, "2.*");

        CatalogRun.AssertFailed(results, "2.1", "2.2", "2.3", "2.4", "2.6", "2.9", "2.10", "2.11");
    }

    [Fact]
    public async Task Wrong_sec_websocket_accept_fails_the_handshake()
    {
        var results = await RunAsync(Broken.WrongAccept, "handshake.1", "1.1.1");

        // §4.2.2: the accept value MUST be derived from the key. A 101 that breaks it is the server's failure in
        // every case, not a harness ERROR (which would read as "could not test").
        var handshake = CatalogRun.Find(results, "handshake.1");
        Assert.True(handshake.Behavior == Verdict.Failed, CatalogRun.Describe(handshake));
        var echo = CatalogRun.Find(results, "1.1.1");
        Assert.True(echo.Behavior == Verdict.Failed, CatalogRun.Describe(echo));
        Assert.All(results, r => Assert.Contains("Sec-WebSocket-Accept", r.Judgement.Result, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Corrupting_echoes_longer_than_100_bytes_fails_section_1_from_125_bytes_on()
    {
        var results = await RunAsync(Broken.CorruptsLongEchoes, "1.*");

        CatalogRun.AssertFailed(results, "1.1.2", "1.1.6", "1.1.8", "1.2.2", "1.2.8");
        CatalogRun.AssertNotFailed(results, "1.1.1", "1.2.1");
    }

    [Fact]
    public async Task Slow_but_correct_server_fails_nothing()
    {
        var results = await RunAsync(Broken.Slow, "1.1.*", "2.*");

        CatalogRun.AssertNotFailed(results, [.. results.Select(r => r.Case.Id)]);
    }

    [Fact]
    public async Task Masking_server_frames_fails_echo_cases()
    {
        var results = await RunAsync(Broken.MasksOwnFrames, "1.1.1", "1.2.2", "2.2");

        CatalogRun.AssertFailed(results, "1.1.1", "1.2.2", "2.2");
    }

    [Fact]
    public async Task Data_after_its_own_close_fails_the_after_close_cases()
    {
        var results = await RunAsync(Broken.SendsDataAfterClose, "after-close.*");

        CatalogRun.AssertFailed(results, "after-close.1", "after-close.2", "after-close.3", "after-close.4");
    }

    private async Task<IReadOnlyList<CaseResult>> RunAsync(EchoBehaviour behaviour, params string[] include)
    {
        await using var server = CodecEchoServer.Start(behaviour);
        var results = await CatalogRun.RunAsync(server.Uri, include);
        output.WriteLine(CatalogRun.Describe(results));
        Assert.Empty(server.Faults);
        return results;
    }
}
