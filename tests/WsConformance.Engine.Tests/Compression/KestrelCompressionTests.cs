using WsConformance.Cases.Model;
using WsConformance.Engine.Tests.BrokenServers;
using WsConformance.Targets;

namespace WsConformance.Engine.Tests.Compression;

/// <summary>
/// Kestrel's ManagedWebSocket with permessage-deflate enabled is a correct server: it must pass the
/// compression cases (the smaller sizes, to keep the test short on a shared machine), and without compression
/// every 12.x/13.x case is UNIMPLEMENTED.
/// </summary>
public sealed class KestrelCompressionTests
{
    /// <summary>Rows 1–5 (16 B–4 KiB, one frame) and 11 (8 KiB, compressed payload in 256-byte frames) of every sub-section.</summary>
    private static readonly HashSet<string> SmallRows = ["1", "2", "3", "4", "5", "11"];

    private static IReadOnlyList<string> SmallCompressionCases() =>
        [.. CatalogRun.Select(["12.*", "13.*"]).Select(c => c.Id).Where(id => SmallRows.Contains(id.Split('.')[2]))];

    [Fact]
    public async Task Kestrel_with_compression_passes_the_smaller_sizes_of_sections_12_and_13()
    {
        await using var server = await EchoServer.StartAsync(compression: true);

        var results = await CatalogRun.RunAsync(server.Uri, SmallCompressionCases());

        Assert.Equal(72, results.Count);
        Assert.All(results, r => Assert.True(r.Behavior == Verdict.Ok && r.BehaviorClose == CloseVerdict.Ok, CatalogRun.Describe(r)));
    }

    [Fact]
    public async Task Kestrel_without_compression_leaves_sections_12_and_13_unimplemented()
    {
        await using var server = await EchoServer.StartAsync();

        var results = await CatalogRun.RunAsync(server.Uri, ["12.*", "13.*"]);

        Assert.Equal(216, results.Count);
        Assert.All(results, r => Assert.True(r.Behavior == Verdict.Unimplemented && r.BehaviorClose == CloseVerdict.Ok, CatalogRun.Describe(r)));
    }

    /// <summary>
    /// What ManagedWebSocket (.NET 10) does with the failure cases. It fails the connection on RSV1 of a
    /// continuation frame, on RSV1 without compression and on corrupt data, and declines out-of-range window
    /// sizes and duplicate parameters; it answers a Ping that has RSV1 set (RFC 7692 §6 requires failing), inflates
    /// a 256 MiB bomb without limit (the echo server streams it back until the harness's own 64 MiB guard trips),
    /// and accepts offers with a leading zero, a value on a flag, an unknown parameter, or server_max_window_bits
    /// without a value (RFC 7692 §7 requires declining them).
    /// </summary>
    public static TheoryData<string, Verdict> FailureCaseVerdicts => new()
    {
        { "deflate.1", Verdict.Ok },
        { "deflate.2", Verdict.Failed },
        { "deflate.3", Verdict.Ok },
        { "deflate.4", Verdict.Ok },
        { "deflate.5", Verdict.Failed },
        { "deflate.6.1", Verdict.Ok },
        { "deflate.6.2", Verdict.Ok },
        { "deflate.6.3", Verdict.Failed },
        { "deflate.6.4", Verdict.Failed },
        { "deflate.6.5", Verdict.Failed },
        { "deflate.6.6", Verdict.Ok },
        { "deflate.6.7", Verdict.Failed },
    };

    [Fact]
    public async Task Kestrel_with_compression_gets_the_known_verdicts_on_the_failure_cases()
    {
        await using var server = await EchoServer.StartAsync(compression: true);

        var results = await CatalogRun.RunAsync(server.Uri, ["deflate"]);

        var expected = FailureCaseVerdicts.ToDictionary(row => (string)row[0], row => (Verdict)row[1]);
        Assert.Equal(expected.Count, results.Count);
        Assert.All(results, r => Assert.True(r.Behavior == expected[r.Case.Id], CatalogRun.Describe(r)));
    }
}
