using System.Text;
using WsConformance.Protocol.Compression;
using static WsConformance.Protocol.Tests.Compression.Inflation;

namespace WsConformance.Protocol.Tests.Compression;

/// <summary>The examples of RFC 7692 §7.2.3 and the tail rules of §7.2.1/§7.2.2.</summary>
public class DeflateCodecTests
{
    private static readonly byte[] Hello = "Hello"u8.ToArray();

    /// <summary>Compressed payloads (tail removed) that inflate to the given messages, in order, on one inflater.</summary>
    public static readonly Dictionary<string, (string[] Payloads, string[] Messages)> Valid = new()
    {
        // §7.2.3.1: "Hello" compressed; frame 0xc1 0x07 0xf2 0x48 0xcd 0xc9 0xc9 0x07 0x00.
        ["7.2.3.1 one message"] = (["f2 48 cd c9 c9 07 00"], ["Hello"]),
        // §7.2.3.2: the second "Hello" refers back into the first message's window.
        ["7.2.3.2 shared window"] = (["f2 48 cd c9 c9 07 00", "f2 00 11 00 00"], ["Hello", "Hello"]),
        // §7.2.3.3: a stored (uncompressed) DEFLATE block.
        ["7.2.3.3 stored block"] = (["00 05 00 fa ff 48 65 6c 6c 6f 00"], ["Hello"]),
        // §7.2.3.4: a block with BFINAL set; the appended tail then follows the end of the stream.
        ["7.2.3.4 BFINAL"] = (["f3 48 cd c9 c9 07 00 00"], ["Hello"]),
        // §7.2.3.5: two DEFLATE blocks in one message.
        ["7.2.3.5 two blocks"] = (["f2 48 05 00 00 00 ff ff ca c9 c9 07 00"], ["Hello"]),
        // §7.2.3.6: an empty message is a single 0x00 octet.
        ["7.2.3.6 empty"] = (["00"], [""]),
        ["BFINAL then a new stream"] = (["f3 48 cd c9 c9 07 00 00", "f2 48 cd c9 c9 07 00"], ["Hello", "Hello"]),
    };

    public static TheoryData<string> ValidNames => [.. Valid.Keys];

    /// <summary>Payloads that are not DEFLATE data a 15-bit inflater accepts.</summary>
    public static readonly Dictionary<string, string> Invalid = new()
    {
        ["reserved block type 11"] = "07 00",
        ["stored length and its complement disagree"] = "00 05 00 00 00 48 65 6c 6c 6f",
        ["distance before the start of the window"] = "f2 00 11 00 00",
        ["invalid code lengths"] = "fc ff ff ff ff",
    };

    public static TheoryData<string> InvalidNames => [.. Invalid.Keys];

    [Fact]
    public void Hello_compresses_to_the_bytes_of_RFC_7692_section_7_2_3_1()
    {
        using var deflater = new MessageDeflater();
        Assert.Equal(Hex("f2 48 cd c9 c9 07 00"), deflater.Compress(Hello));
    }

    [Fact]
    public void With_context_takeover_the_second_Hello_is_the_back_reference_of_section_7_2_3_2()
    {
        using var deflater = new MessageDeflater();
        deflater.Compress(Hello);
        Assert.Equal(Hex("f2 00 11 00 00"), deflater.Compress(Hello));
    }

    [Fact]
    public void Without_context_takeover_every_Hello_compresses_alone()
    {
        using var deflater = new MessageDeflater(noContextTakeover: true);
        deflater.Compress(Hello);
        Assert.Equal(Hex("f2 48 cd c9 c9 07 00"), deflater.Compress(Hello));
    }

    [Fact]
    public void The_empty_message_compresses_to_the_single_octet_of_section_7_2_3_6()
    {
        using var deflater = new MessageDeflater();
        Assert.Equal(Hex("00"), deflater.Compress([]));
        deflater.Compress(Hello);
        Assert.Equal(Hex("00"), deflater.Compress([]));
    }

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Valid_payloads_inflate_to_their_messages(string name) => AssertInflates(Valid[name], int.MaxValue);

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Valid_payloads_inflate_the_same_when_fed_one_byte_at_a_time(string name) => AssertInflates(Valid[name], 1);

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Invalid_payloads_are_reported_as_corrupt(string name)
    {
        using var inflater = new MessageInflater();
        var (status, _) = InflateMessage(inflater, Hex(Invalid[name]), int.MaxValue);
        Assert.Equal(InflateStatus.CorruptData, status);
        Assert.False(string.IsNullOrEmpty(inflater.FailureDetail));
    }

    [Fact]
    public void A_corrupt_message_keeps_the_inflater_failed()
    {
        using var inflater = new MessageInflater();
        InflateMessage(inflater, Hex(Invalid["reserved block type 11"]), int.MaxValue);
        Assert.Equal(InflateStatus.CorruptData, InflateMessage(inflater, Hex("f2 48 cd c9 c9 07 00"), int.MaxValue).Status);
    }

    [Fact]
    public void References_past_the_senders_agreed_window_inflate_the_same_however_the_bytes_arrive()
    {
        // A sender that agreed to a 512-byte window (server_max_window_bits=9) but used 32 KiB: zlib with the agreed
        // window would catch the far references only when they arrived in small pieces. The verdict must not depend on that.
        var text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 200).Select(i => $"line {i % 40:D4} of a long text\n")));
        using var deflater = new MessageDeflater(windowBits: 15);
        var first = deflater.Compress(text);
        var second = deflater.Compress(text);

        foreach (var chunkSize in new[] { 1, 7, int.MaxValue })
        {
            using var inflater = new MessageInflater();
            Assert.Equal((InflateStatus.Ok, text.Length), Summary(InflateMessage(inflater, first, chunkSize)));
            Assert.Equal((InflateStatus.Ok, text.Length), Summary(InflateMessage(inflater, second, chunkSize)));
        }
    }

    [Fact]
    public void A_reference_before_the_start_of_the_data_is_corrupt_however_the_bytes_arrive()
    {
        using var deflater = new MessageDeflater(windowBits: 15);
        var first = deflater.Compress(Encoding.ASCII.GetBytes("abcabcabcabcabcabc"));
        var second = deflater.Compress(Encoding.ASCII.GetBytes("abcabcabcabcabcabc"));

        // The second message refers back into the first: without the first, it refers to nothing.
        foreach (var chunkSize in new[] { 1, int.MaxValue })
        {
            using var inflater = new MessageInflater();
            Assert.Equal(InflateStatus.CorruptData, InflateMessage(inflater, second, chunkSize).Status);
            using var reset = new MessageInflater(noContextTakeover: true);
            Assert.Equal(InflateStatus.Ok, InflateMessage(reset, first, chunkSize).Status);
            Assert.Equal(InflateStatus.CorruptData, InflateMessage(reset, second, chunkSize).Status);
        }
    }

    [Fact]
    public void A_message_inflating_beyond_the_limit_stops_there()
    {
        using var deflater = new MessageDeflater();
        var bomb = deflater.Compress(new byte[4 * 1024 * 1024]);
        using var inflater = new MessageInflater();
        var (status, message) = InflateMessage(inflater, bomb, int.MaxValue, limit: 100_000);

        Assert.Equal(InflateStatus.TooLarge, status);
        Assert.True(message.Length <= 100_000, $"inflated {message.Length} bytes past the limit");
        Assert.True(bomb.Length < 10_000, $"the bomb is {bomb.Length} bytes");
    }

    [Fact]
    public void Compressed_payloads_never_end_with_the_flush_tail()
    {
        using var deflater = new MessageDeflater();
        foreach (var length in new[] { 0, 1, 5, 100, 70_000 })
        {
            var payload = deflater.Compress(Encoding.ASCII.GetBytes(new string('a', length)));
            Assert.False(payload.AsSpan().EndsWith(DeflateTail.Bytes), $"length {length}");
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(16)]
    public void Window_bits_outside_8_to_15_are_a_programming_error(int bits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessageDeflater(bits));
    }

    private static (InflateStatus Status, int Length) Summary((InflateStatus Status, byte[] Message) result) => (result.Status, result.Message.Length);

    private static void AssertInflates((string[] Payloads, string[] Messages) vector, int chunkSize)
    {
        using var inflater = new MessageInflater();
        for (var i = 0; i < vector.Payloads.Length; i++)
        {
            var (status, message) = InflateMessage(inflater, Hex(vector.Payloads[i]), chunkSize);
            Assert.Equal(InflateStatus.Ok, status);
            Assert.Equal(vector.Messages[i], Encoding.ASCII.GetString(message));
        }
    }
}
