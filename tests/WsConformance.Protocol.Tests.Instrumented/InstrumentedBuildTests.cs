using WsConformance.Protocol;

namespace WsConformance.Protocol.Tests;

/// <summary>Guards the point of this project: the codec these tests load really is the instrumented one (the type name is <c>CoverageConstants.CoverageTypeName</c>).</summary>
public sealed class InstrumentedBuildTests
{
    private const string CoverageTypeName = "<WsConformanceFuzzing>Coverage";

    [Fact]
    public void The_codec_under_test_carries_the_coverage_hook()
    {
        Assert.NotNull(typeof(FrameDecoder).Assembly.GetType(CoverageTypeName));
    }
}
