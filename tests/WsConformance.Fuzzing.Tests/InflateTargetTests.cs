using WsConformance.Fuzzing.Targets;
using WsConformance.Protocol.Compression;

namespace WsConformance.Fuzzing.Tests;

/// <summary>The inflate target's digests on its own seeds: what its oracles compare is what the messages hold.</summary>
public sealed class InflateTargetTests
{
    private static readonly InflateSettings Settings = new(NoContextTakeover: false, ChunkSize: 3);

    [Fact]
    public void A_message_digests_to_its_inflated_length_and_content_however_it_is_fed()
    {
        byte[] hello = Body("hello");
        MessageDigest[] whole = InflateDigest.Run(hello, hello.Length, Settings with { ChunkSize = int.MaxValue }, long.MaxValue);
        MessageDigest[] bytewise = InflateDigest.Run(hello, hello.Length, Settings with { ChunkSize = 1 }, long.MaxValue);

        Assert.Equal([new MessageDigest(InflateStatus.Ok, 5, Checksum.Crc32C(0, "Hello"u8))], whole);
        Assert.Equal(whole, bytewise);
    }

    [Fact]
    public void Two_messages_share_the_window_unless_context_takeover_is_off()
    {
        (byte[] withTakeover, int firstWith) = TwoMessages("two-messages-takeover");
        (byte[] without, int firstWithout) = TwoMessages("two-messages-no-takeover");
        var expected = new MessageDigest(InflateStatus.Ok, 12, Checksum.Crc32C(0, "abcabcabcabc"u8));

        Assert.Equal([expected, expected], InflateDigest.Run(withTakeover, firstWith, Settings, long.MaxValue));
        Assert.Equal([expected, expected], InflateDigest.Run(without, firstWithout, Settings with { NoContextTakeover = true }, long.MaxValue));
        // The second message of the first seed refers back into the first message: a receiver that resets its window fails it.
        Assert.Equal(InflateStatus.CorruptData, InflateDigest.Run(withTakeover, firstWith, Settings with { NoContextTakeover = true }, long.MaxValue)[^1].Status);
    }

    [Fact]
    public void A_bomb_is_stopped_at_the_limit_and_corrupt_data_is_reported()
    {
        byte[] bomb = Body("zeros-bomb");
        MessageDigest[] unlimited = InflateDigest.Run(bomb, bomb.Length, Settings, long.MaxValue);
        MessageDigest[] limited = InflateDigest.Run(bomb, bomb.Length, Settings, 1000);
        byte[] corrupt = Body("corrupt");

        Assert.Equal(200_000, unlimited[0].Length);
        Assert.Equal([new MessageDigest(InflateStatus.TooLarge, -1, 0)], limited);
        Assert.Equal(limited, InflateDigest.Limit(unlimited, 1000));
        Assert.Equal(InflateStatus.CorruptData, InflateDigest.Run(corrupt, corrupt.Length, Settings, long.MaxValue)[0].Status);
    }

    [Fact]
    public void The_target_accepts_every_seed()
    {
        foreach (byte[] seed in TestPaths.Seeds("inflate"))
        {
            DeflateTargets.Inflate(seed);
        }
    }

    /// <summary>A two-message seed without its settings and length bytes, and the first message's length.</summary>
    private static (byte[] Data, int FirstLength) TwoMessages(string seed)
    {
        byte[] input = File.ReadAllBytes(Path.Combine(TestPaths.FuzzFolder, "corpus", "inflate", seed));
        return (input[2..], input[1]);
    }

    /// <summary>A seed without its settings byte.</summary>
    private static byte[] Body(string seed) => File.ReadAllBytes(Path.Combine(TestPaths.FuzzFolder, "corpus", "inflate", seed))[1..];
}
