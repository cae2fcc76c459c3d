using WsConformance.Fuzzing.Loading;
using WsConformance.Fuzzing.Targets;

namespace WsConformance.Fuzzing.Tests;

/// <summary>Replays the committed reproducers in fuzz/findings: each must still show what its README entry says.</summary>
public sealed class FindingsTests
{
    public static TheoryData<string, string> Findings => new()
    {
        { "differential-snws-utf8-empty-final-fragment.bin", SystemWebSocketTargets.SnwsLenientUtf8 },
        { "differential-snws-utf8-invalid-byte-then-close.bin", SystemWebSocketTargets.SnwsLenientUtf8 },
        { "differential-snws-unmasked-header-judged-late.bin", SystemWebSocketTargets.SnwsJudgesLate },
    };

    [Theory]
    [MemberData(nameof(Findings))]
    public void Reproducer_still_shows_its_disagreement_and_nothing_else_fails_on_it(string file, string category)
    {
        byte[] input = File.ReadAllBytes(Path.Combine(TestPaths.FuzzFolder, "findings", file));
        using LoadedTargets loaded = TestPaths.LoadBuiltIn();

        Exception? failure = Record.Exception(() => loaded.Find("differential")!.Run(input));

        Assert.NotNull(failure);
        Assert.Equal(category, failure.Data[FuzzFindingException.CategoryKey]);
        Assert.All(new[] { "decoder", "decoder-chunked", "snws-server", "snws-client" }, name => loaded.Find(name)!.Run(input));
    }

    public static TheoryData<string, string, string> ThirdPartyFindings => new()
    {
        { "deflate-differential-snws-rejects-rfc7692-bfinal-example.bin", "deflate-differential", DeflateDifferentialTargets.SnwsRejectsFinalBlock },
        { "deflate-differential-snws-accepts-rsv1-on-close.bin", "deflate-differential", DeflateDifferentialTargets.SnwsAcceptsCompressedControl },
        { "kestrel-upgrade-rejects-http-1.2.bin", "kestrel-upgrade", KestrelDisagreements.KestrelRejectsMinorVersion },
        { "kestrel-upgrade-accepts-control-in-field-name.bin", "kestrel-upgrade", KestrelDisagreements.KestrelAcceptsFieldNameThatIsNoToken },
        { "kestrel-upgrade-accepts-control-in-target.bin", "kestrel-upgrade", KestrelDisagreements.KestrelAcceptsRequestLine },
        { "kestrel-upgrade-parser-passes-nul-in-field-value.bin", "kestrel-upgrade", KestrelDisagreements.KestrelParserAcceptsNul },
    };

    [Theory]
    [MemberData(nameof(ThirdPartyFindings))]
    public void Reproducer_still_shows_its_disagreement_with_a_third_party_parser(string file, string target, string category)
    {
        byte[] input = File.ReadAllBytes(Path.Combine(TestPaths.FuzzFolder, "findings", file));
        using LoadedTargets loaded = TestPaths.LoadBuiltIn();

        Exception? failure = Record.Exception(() => loaded.Find(target)!.Run(input));

        Assert.NotNull(failure);
        Assert.Equal(category, failure.Data[FuzzFindingException.CategoryKey]);
    }

    /// <summary>Findings where we were wrong: after the fix both parsers agree, so the target runs the reproducer clean.</summary>
    [Theory]
    [InlineData("kestrel-upgrade-rejects-query-only-target.bin", "kestrel-upgrade")]
    public void Reproducer_of_a_fixed_finding_runs_clean(string file, string target)
    {
        byte[] input = File.ReadAllBytes(Path.Combine(TestPaths.FuzzFolder, "findings", file));
        using LoadedTargets loaded = TestPaths.LoadBuiltIn();

        loaded.Find(target)!.Run(input);
    }

    [Fact]
    public void System_net_websockets_fails_the_rfc7692_example_of_a_message_compressed_with_bfinal_set()
    {
        // RFC 7692 §7.2.3.4's payload "f3 48 cd c9 c9 07 00 00" ("Hello", BFINAL set, then an empty stored block's header):
        // our receiver delivers "Hello"; .NET fails on the appended 00 00 ff ff after the final block.
        byte[] input = File.ReadAllBytes(Path.Combine(TestPaths.FuzzFolder, "findings", "deflate-differential-snws-rejects-rfc7692-bfinal-example.bin"));
        var choice = DeflateChoice.From(input[^1]);
        var ours = new List<DeliveredMessage>();

        Assert.Equal(SystemWebSocketTargets.Verdict.Closed, InflatingReceiver.Receive(input.AsSpan(0, input.Length - 1), choice.ClientNoContextTakeover, ours).Verdict);
        Assert.Equal([new DeliveredMessage(Text: true, 5, Checksum.Crc32C(0, "Hello"u8))], ours);
        Assert.Equal(SystemWebSocketTargets.Verdict.Invalid, DeflateDifferentialTargets.ReceiveWithDeflate(input[..^1], choice).Verdict);
    }

    [Fact]
    public void Inflating_past_the_senders_window_gives_the_same_result_however_the_bytes_arrive()
    {
        // Fixed in MessageInflater: with the sender's agreed window (here 2 KiB) zlib caught the message's far
        // back-references only when it was fed a byte at a time, so the verdict depended on TCP segmentation.
        byte[] input = File.ReadAllBytes(Path.Combine(TestPaths.FuzzFolder, "findings", "inflate-window-check-depends-on-chunking.bin"));
        using LoadedTargets loaded = TestPaths.LoadBuiltIn();

        loaded.Find("inflate")!.Run(input);
    }

    [Fact]
    public void System_net_websockets_accepts_a_text_message_that_ends_inside_a_code_point()
    {
        // Text "C3" (FIN=0) + empty final continuation + Close 1000, all masked: the message ends inside a
        // 2-byte code point. RFC 6455 §8.1: the endpoint MUST fail the connection; .NET delivers it and closes.
        byte[] input = File.ReadAllBytes(Path.Combine(TestPaths.FuzzFolder, "findings", "differential-snws-utf8-empty-final-fragment.bin"));

        Assert.Equal(SystemWebSocketTargets.Verdict.Closed, SystemWebSocketTargets.Receive(input, isServer: true).Verdict);
    }
}
