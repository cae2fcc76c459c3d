using WsConformance.Fuzzing.Targets;
using static WsConformance.Fuzzing.Targets.SystemWebSocketTargets;

namespace WsConformance.Fuzzing.Tests;

/// <summary>The deflate-differential target: both receivers on its seeds, its filter, and that it reports a disagreement.</summary>
public sealed class DeflateDifferentialTargetTests
{
    private static readonly DeliveredMessage Hello = new(Text: true, 5, Checksum.Crc32C(0, "Hello"u8));

    [Theory]
    [InlineData("compressed-hello-close")]
    [InlineData("compressed-hello-masked-key")]
    [InlineData("uncompressed-then-compressed")]
    public void Both_receivers_deliver_a_compressed_hello_and_accept_the_close(string seed)
    {
        (byte[] frames, DeflateChoice choice) = Split(Seed(seed));
        var ourMessages = new List<DeliveredMessage>();

        ReceiverOutcome ours = InflatingReceiver.Receive(frames, choice.ClientNoContextTakeover, ourMessages);
        DeflateDifferentialTargets.Outcome theirs = DeflateDifferentialTargets.ReceiveWithDeflate(frames, choice);

        Assert.Equal(Verdict.Closed, ours.Verdict);
        Assert.Equal(Verdict.Closed, theirs.Verdict);
        Assert.Equal(Hello, ourMessages[^1]);
        Assert.Equal(ourMessages, theirs.Messages);
    }

    [Fact]
    public void Every_seed_gives_no_finding()
    {
        foreach (byte[] seed in TestPaths.Seeds("deflate-differential"))
        {
            DeflateDifferentialTargets.DeflateDifferential(seed);
        }
    }

    [Fact]
    public void A_reference_beyond_the_agreed_window_fails_in_dotnet_only_and_is_filtered()
    {
        // client_max_window_bits=9 (512 bytes), a 600-byte block repeated: the repeat refers 600 bytes back.
        byte[] input = Seed("reference-beyond-window-9");
        (byte[] frames, DeflateChoice choice) = Split(input);

        Assert.Equal(9, choice.ClientMaxWindowBits);
        Assert.Equal(Verdict.Invalid, DeflateDifferentialTargets.ReceiveWithDeflate(frames, choice).Verdict);
        Assert.Equal(Verdict.Closed, InflatingReceiver.Receive(frames, choice.ClientNoContextTakeover, []).Verdict);
        DeflateDifferentialTargets.DeflateDifferential(input);
    }

    [Fact]
    public void Rsv1_on_a_continuation_fails_both_receivers()
    {
        (byte[] frames, DeflateChoice choice) = Split(Seed("rsv1-on-continuation"));

        ReceiverOutcome ours = InflatingReceiver.Receive(frames, choice.ClientNoContextTakeover, []);

        Assert.Equal((Verdict.Invalid, Failure.CompressedContinuation), (ours.Verdict, ours.Failure));
        Assert.Equal(Verdict.Invalid, DeflateDifferentialTargets.ReceiveWithDeflate(frames, choice).Verdict);
    }

    [Fact]
    public void Rsv1_on_the_close_of_an_agreed_seed_is_reported_as_a_finding()
    {
        // The hello seed with RSV1 set on its Close frame: RFC 7692 §6 says fail; System.Net.WebSockets closes cleanly.
        byte[] input = Seed("compressed-hello-close");
        input[^(CloseFrameLength + 1)] |= Rsv1Bit;

        var finding = Assert.Throws<FuzzFindingException>(() => DeflateDifferentialTargets.DeflateDifferential(input));

        Assert.Equal(DeflateDifferentialTargets.SnwsAcceptsCompressedControl, finding.Category);
    }

    [Fact]
    public void The_choice_byte_maps_to_window_bits_9_to_15_and_both_context_takeover_flags()
    {
        Assert.Equal(new DeflateChoice(9, false, 9, false), DeflateChoice.From(0x00));
        Assert.Equal(new DeflateChoice(15, true, 15, true), DeflateChoice.From(0xFF));
        Assert.Equal(new DeflateChoice(14, false, 10, true), DeflateChoice.From(0x95));
    }

    /// <summary>A masked Close frame with a 2-byte code: 2 header bytes, 4 mask key bytes, the code.</summary>
    private const int CloseFrameLength = 8;

    private const byte Rsv1Bit = 0x40;

    private static byte[] Seed(string name) => File.ReadAllBytes(Path.Combine(TestPaths.FuzzFolder, "corpus", "deflate-differential", name));

    private static (byte[] Frames, DeflateChoice Choice) Split(byte[] input) => (input[..^1], DeflateChoice.From(input[^1]));
}
