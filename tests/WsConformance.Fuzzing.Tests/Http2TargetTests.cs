using WsConformance.Fuzzing.Targets;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Fuzzing.Tests;

/// <summary>The HTTP/2 targets on their own seeds: the seeds reach what the oracles compare.</summary>
public sealed class Http2TargetTests
{
    [Theory]
    [InlineData("rfc-c3-requests", 14)]
    [InlineData("rfc-c4-requests-huffman", 14)]
    [InlineData("rfc-c5-responses", 14)]
    [InlineData("rfc-c6-responses-huffman", 14)]
    [InlineData("rfc-c2-representations", 4)]
    public void The_rfc_seeds_are_whole_valid_blocks_so_the_re_encoding_oracle_runs_on_them(string seed, int fields)
    {
        byte[] input = File.ReadAllBytes(Path.Combine(TestPaths.FuzzFolder, "corpus", "hpack", seed));
        var decoded = new List<HpackDecodedField>();

        HpackDecodeResult result = new HpackDecoder(input[0] * 16).Decode(input.AsSpan(1), decoded);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(fields, decoded.Count);
    }

    [Fact]
    public void Every_seed_passes_both_targets_oracles()
    {
        foreach (byte[] seed in TestPaths.Seeds("h2-frames"))
        {
            Http2Targets.Frames(seed);
        }

        foreach (byte[] seed in TestPaths.Seeds("hpack"))
        {
            Http2Targets.Hpack(seed);
        }
    }

    [Fact]
    public void A_frame_stream_digest_does_not_depend_on_chunking_but_on_the_frames()
    {
        byte[] stream = File.ReadAllBytes(Path.Combine(TestPaths.FuzzFolder, "corpus", "h2-frames", "extended-connect"))[1..];
        Http2StreamDigest whole = Http2StreamDigest.Decode(stream, stream.Length, 16_384);

        Assert.Equal(whole, Http2StreamDigest.Decode(stream, 3, 16_384));
        Assert.Equal(3, whole.Frames);
        Assert.False(whole.EndedInsideFrame);
        stream[^1] ^= 1; // the RST_STREAM error code changes
        Assert.NotEqual(whole, Http2StreamDigest.Decode(stream, stream.Length, 16_384));
    }
}
