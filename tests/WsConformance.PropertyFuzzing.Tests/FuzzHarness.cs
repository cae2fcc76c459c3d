using WsConformance.Engine.Running;
using WsConformance.PropertyFuzzing.Running;
using WsConformance.Protocol;
using WsConformance.TestServers;
using Broken = WsConformance.TestServers.BrokenServers;

namespace WsConformance.PropertyFuzzing.Tests;

/// <summary>Runs the property fuzzer against a test server with test-sized settings.</summary>
internal static class FuzzHarness
{
    /// <summary>Test runs scale the timers down: a broken server that never closes costs 0.45 s instead of 1.5 s.</summary>
    public const double TimeoutScale = 0.3;

    /// <summary>Each deliberately broken server with the bug it has, one rule each.</summary>
    public static IReadOnlyDictionary<string, EchoBehaviour> BrokenServers { get; } = new Dictionary<string, EchoBehaviour>(StringComparer.Ordinal)
    {
        ["reserved bits"] = Broken.IgnoresReservedBits,
        ["reserved opcodes"] = Broken.AcceptsReservedOpcodes,
        ["unmasked frames"] = Broken.AcceptsUnmaskedFrames,
        ["long control frames"] = Broken.AcceptsLongControlFrames,
        ["fragmented control frames"] = Ignoring(ViolationCode.FragmentedControlFrame),
        ["orphan continuations"] = Ignoring(ViolationCode.ContinuationWithoutMessage),
        ["data frame inside a message"] = Ignoring(ViolationCode.DataFrameInsideFragmentedMessage),
        ["no UTF-8 validation"] = Broken.SkipsUtf8Validation,
        ["invalid close codes"] = Broken.AcceptsInvalidCloseCodes,
        ["1-byte close bodies"] = Ignoring(ViolationCode.CloseBodyOneByte),
        ["invalid close reasons"] = Ignoring(ViolationCode.InvalidCloseReasonUtf8),
        ["64-bit length top bit"] = Ignoring(ViolationCode.LengthMostSignificantBitSet),
        ["never answers close"] = Broken.NeverAnswersClose,
        ["wrong pong payload"] = Broken.PongWithWrongPayload,
        ["never answers ping"] = Broken.NeverAnswersPing,
        ["wrong accept"] = Broken.WrongAccept,
        ["corrupts long echoes"] = Broken.CorruptsLongEchoes,
        ["masks own frames"] = Broken.MasksOwnFrames,
        ["data after close"] = Broken.SendsDataAfterClose,
    };

    public static FuzzOptions Options(int runs, int seed, int? stopAfterFindings = null) =>
        new(runs, seed, Run: new RunOptions(Concurrency: 16, TimeoutScale: TimeoutScale), StopAfterFindings: stopAfterFindings, MaxShrinkRuns: 200);

    /// <summary>The same options with every conversation's WebSocket opened over HTTP/2 (RFC 8441, h2c).</summary>
    public static FuzzOptions OverHttp2(FuzzOptions options) => options with { Run = options.EngineOptions with { Http2 = true } };

    public static async Task<FuzzResult> RunAsync(Uri uri, FuzzOptions options, CancellationToken cancellationToken) =>
        await new PropertyFuzzer(new Target(uri, "test"), options).RunAsync(null, cancellationToken);

    /// <summary>Every run that failed is explained by exactly one finding, or was flaky: none is lost or counted twice.</summary>
    public static void AssertEveryFailureAccountedFor(FuzzResult result)
    {
        Assert.Equal(result.Verdicts.GetValueOrDefault("FAILED"), result.Findings.Sum(f => f.Occurrences) + result.Flaky);
        Assert.All(result.Findings, f => Assert.Equal(f.Occurrences, f.Categories.Values.Sum()));
    }

    private static EchoBehaviour Ignoring(ViolationCode code) => EchoBehaviour.Correct with { IgnoredViolations = new HashSet<ViolationCode> { code } };
}
