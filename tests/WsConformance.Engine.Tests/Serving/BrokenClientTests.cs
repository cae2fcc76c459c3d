using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Engine.Tests.BrokenServers;
using WsConformance.Protocol;
using WsConformance.TestServers;
using Xunit.Abstractions;
using Broken = WsConformance.TestServers.BrokenServers;

namespace WsConformance.Engine.Tests.Serving;

/// <summary>
/// The mirror of <see cref="BrokenServerTests"/> for <c>wsconf serve</c>: echo clients on our codec that each
/// break one rule, run through the fuzzing-server protocol. The family that checks the rule must turn the bug
/// into FAILED, and the correct client must fail nothing.
/// </summary>
[Collection(BrokenServerCollection.Name)]
public sealed class BrokenClientTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Correct_client_fails_nothing()
    {
        var results = await RunAsync(EchoBehaviour.Correct, "1.*", "2.*", "3.*", "4.*", "5.*", "6.*", "7.*", "10.*", "handshake-response.*", "server-masking.*");

        // Autobahn grades these by definition (7.1.6, 7.13.x) or for failing at the end of the message (6.4.x).
        var notOk = results.Where(r => r.Behavior is not (Verdict.Ok or Verdict.Informational) && !r.Case.Id.StartsWith("6.4.", StringComparison.Ordinal)).ToList();
        Assert.True(notOk.Count == 0, "Expected OK:" + Environment.NewLine + CatalogRun.Describe(notOk));
        Assert.All(results, r => Assert.NotEqual(Verdict.Failed, r.Behavior));
    }

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

        CatalogRun.AssertFailed(results, "4.1.3", "4.1.4", "4.1.5", "4.2.3", "4.2.4", "4.2.5");
    }

    [Fact]
    public async Task Accepting_masked_server_frames_fails_the_server_masking_cases()
    {
        var results = await RunAsync(EchoBehaviour.Correct with { IgnoredViolations = new HashSet<ViolationCode> { ViolationCode.MaskedServerFrame } },
            "server-masking.*");

        CatalogRun.AssertFailed(results, "server-masking.1", "server-masking.2", "server-masking.3", "server-masking.4");
    }

    [Fact]
    public async Task Not_masking_its_own_frames_fails_echo_cases()
    {
        var results = await RunAsync(Broken.MasksOwnFrames, "1.1.1", "1.2.2", "2.2");

        CatalogRun.AssertFailed(results, "1.1.1", "1.2.2", "2.2");
    }

    [Fact]
    public async Task Taking_any_101_answer_fails_the_handshake_response_cases_that_answer_101()
    {
        // .6 and .7 answer 200 and 403: no frame follows them (the connection is plain HTTP), so a client that takes
        // them for an open connection and waits shows nothing; one that speaks WebSocket there is RefusedHandshakeTests'.
        var results = await RunAsync(EchoBehaviour.Correct with { AcceptsAnyHandshakeResponse = true },
            "handshake-response.1", "handshake-response.2", "handshake-response.3", "handshake-response.4", "handshake-response.5",
            "handshake-response.8", "handshake-response.9");

        CatalogRun.AssertFailed(results, [.. results.Select(r => r.Case.Id)]);
    }

    [Fact]
    public async Task Echoing_invalid_utf8_fails_section_6()
    {
        var results = await RunAsync(Broken.SkipsUtf8Validation, "6.3.*", "6.4.*", "6.6.*", "6.8.*");

        CatalogRun.AssertFailed(results, "6.3.1", "6.3.2", "6.4.1", "6.4.2", "6.4.3", "6.4.4", "6.6.1", "6.6.3", "6.8.1");
        CatalogRun.AssertNotFailed(results, "6.6.2");
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
        var results = await RunAsync(Broken.NeverAnswersClose, "1.1.1", "7.1.1");

        foreach (var result in results)
        {
            Assert.True(result.BehaviorClose == CloseVerdict.Unclean && result.Close!.WasCloseHandshakeTimeout, CatalogRun.Describe(result));
        }
    }

    [Fact]
    public async Task Pong_with_a_different_payload_fails_section_2()
    {
        var results = await RunAsync(Broken.PongWithWrongPayload, "2.*");

        CatalogRun.AssertFailed(results, "2.1", "2.2", "2.3", "2.4", "2.6", "2.9", "2.10", "2.11");
    }

    [Fact]
    public async Task Ignoring_fragmentation_rules_fails_section_5()
    {
        var results = await RunAsync(Broken.AcceptsFragmentationErrors, "5.*");

        CatalogRun.AssertFailed(results, "5.1", "5.9", "5.10", "5.11", "5.12", "5.13", "5.14", "5.15", "5.16", "5.17", "5.18");
        CatalogRun.AssertNotFailed(results, "5.3", "5.8", "5.19", "5.20");
    }

    [Fact]
    public async Task Corrupting_echoes_longer_than_100_bytes_fails_section_1_from_125_bytes_on()
    {
        var results = await RunAsync(Broken.CorruptsLongEchoes, "1.*");

        CatalogRun.AssertFailed(results, "1.1.2", "1.1.6", "1.1.8", "1.2.2", "1.2.8");
        CatalogRun.AssertNotFailed(results, "1.1.1", "1.2.1");
    }

    private async Task<IReadOnlyList<CaseResult>> RunAsync(EchoBehaviour behaviour, params string[] include)
    {
        var results = await ServeRun.RunAsync((url, token) => CodecEchoClient.RunAsync(url, behaviour, token), include);
        output.WriteLine(CatalogRun.Describe(results));
        return results;
    }
}
