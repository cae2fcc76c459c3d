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
