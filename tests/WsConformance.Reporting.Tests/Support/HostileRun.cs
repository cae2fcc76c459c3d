using WsConformance.Cases;
using WsConformance.Engine.Running;
using WsConformance.Targets;

namespace WsConformance.Reporting.Tests.Support;

/// <summary>
/// A real run with three report columns: the embedded echo server and <see cref="HostileServer"/> twice —
/// its hostile handshake headers and its hostile messages — under agent names that are injection attempts too.
/// </summary>
public sealed class HostileRun : IAsyncLifetime
{
    public const string HostileAgent = "<script>window.__pwned=7</script>hostile\"'";

    public const string HeadersAgent = "<img src=x onerror=window.__pwned=9>headers";

    public static readonly string[] Selection = ["1.1.1", "1.1.2", "2.2", "7.1.1", "7.3.1"];

    public RunResult Run { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var cases = CaseSelector.Select(CatalogLoader.LoadDirectory(CatalogLoader.DefaultDirectory).Cases, Selection, []);
        await using var echo = await EchoServer.StartAsync();
        await using var hostile = new HostileServer();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Run = await ConformanceRun.RunAsync(
            cases, [new Target(echo.Uri, EchoServer.Agent), new Target(new Uri(hostile.Uri, HostileServer.HeadersPath), HeadersAgent), new Target(hostile.Uri, HostileAgent)], new RunOptions(Concurrency: 4), null, timeout.Token);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
