using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Engine.Tests.BrokenServers;
using WsConformance.TestServers;
using Xunit.Abstractions;

namespace WsConformance.Engine.Tests.Hostile;

/// <summary>
/// Servers that attack the harness's bounds. Whatever they do, a few cases must end in bounded time with
/// ERROR (no usable handshake) or FAILED, and the memory the harness keeps must stay bounded.
/// </summary>
[Collection(BrokenServerCollection.Name)]
public sealed class HostileServerTests(ITestOutputHelper output)
{
    /// <summary>Far above every case deadline these cases can reach with these servers, far below a hang.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>Retained memory a run may add: a few wire logs and events, never a payload in proportion to what was announced or sent.</summary>
    private const long MaxRetainedGrowth = 200L * 1024 * 1024;

    private static readonly string[] Cases = ["1.1.1", "2.1", "9.1.6"];

    [Fact]
    public async Task Silence_instead_of_a_handshake_response_is_an_error()
    {
        await using var server = HostileServers.Silent();

        await RunBoundedAsync(server, Verdict.Error);
    }

    /// <summary>An answer that is not HTTP is still an answer, and a wrong one (RFC 6455 §4.1: the client fails the connection).</summary>
    [Fact]
    public async Task Garbage_instead_of_an_http_response_fails()
    {
        await using var server = HostileServers.AnswersGarbage();

        await RunBoundedAsync(server, Verdict.Failed);
    }

    [Fact]
    public async Task A_handshake_response_trickled_one_byte_per_200_ms_is_an_error()
    {
        await using var server = HostileServers.TricklesHandshake();

        await RunBoundedAsync(server, Verdict.Error);
    }

    [Fact]
    public async Task A_frame_announcing_2_pow_63_minus_1_bytes_fails_without_allocating_them()
    {
        await using var server = HostileServers.AnnouncesHugeFrame();

        await RunBoundedAsync(server, Verdict.Failed);
    }

    [Fact]
    public async Task A_flood_of_messages_fails_in_bounded_time_and_memory()
    {
        await using var server = HostileServers.Floods();

        await RunBoundedAsync(server, Verdict.Failed);
    }

    [Fact]
    public async Task A_connection_dropped_inside_a_frame_fails()
    {
        await using var server = HostileServers.DropsMidFrame();

        await RunBoundedAsync(server, Verdict.Failed);
    }

    private async Task RunBoundedAsync(LoopbackServer server, Verdict expected)
    {
        var cases = CatalogRun.Select(Cases);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        using var cancel = new CancellationTokenSource();
        var run = ConformanceRun.RunAsync(cases, [new Target(server.Uri, "hostile")], CatalogRun.Options, null, cancel.Token);

        var finished = await Task.WhenAny(run, Task.Delay(Bound)) == run;
        await cancel.CancelAsync();
        Assert.True(finished, $"The run did not end within {Bound.TotalSeconds} s.");
        var result = await run;
        var growth = GC.GetTotalMemory(forceFullCollection: true) - before;

        output.WriteLine($"retained growth: {growth / (1024.0 * 1024):0.0} MiB");
        output.WriteLine(CatalogRun.Describe(result.Results));
        Assert.Empty(server.Faults);
        // One connection per case, more only for what a busy server would cause: a retried handshake, a confirmation.
        var confirmed = result.Results.Count(r => r.ConcurrentJudgement is not null);
        Assert.InRange(server.AcceptedConnections, cases.Count, (cases.Count + (2 * confirmed)) * 2);
        Assert.Equal(cases.Count, result.Results.Count);
        Assert.All(result.Results, r => Assert.True(r.Behavior == expected, CatalogRun.Describe(r)));
        Assert.True(growth < MaxRetainedGrowth, $"The run keeps {growth / (1024 * 1024)} MiB alive (limit {MaxRetainedGrowth / (1024 * 1024)} MiB).");
        GC.KeepAlive(result);
    }
}
