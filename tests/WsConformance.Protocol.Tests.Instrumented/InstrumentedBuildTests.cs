using WsConformance.Protocol;

namespace WsConformance.Protocol.Tests;

/// <summary>Guards the point of this project: the codec these tests load really is the SharpFuzz-instrumented one.</summary>
public sealed class InstrumentedBuildTests
{
    [Fact]
    public unsafe void The_codec_under_test_counts_edges_into_sharpfuzzs_map()
    {
        Assert.Contains(typeof(FrameDecoder).Assembly.GetReferencedAssemblies(), reference => reference.Name == "SharpFuzz.Common");

        Assert.True(FrameDecoder.TryReadHeader([0x81, 0x05], out _));

        // Only instrumented code writes into this map (the tests' own, see CoverageMapSetup).
        Assert.NotEqual(0, new ReadOnlySpan<byte>(SharpFuzz.Common.Trace.SharedMem, 1 << 16).IndexOfAnyExcept((byte)0) + 1);
    }
}
