using WsConformance.Cases;
using WsConformance.Engine.Running;
using WsConformance.Targets;

namespace WsConformance.Reporting.Tests.Support;

/// <summary>
/// A real run: the engine against the embedded Kestrel echo server, a small selection covering echo, ping,
/// close handling and an INFORMATIONAL verdict. Shared by the tests of a class (xunit class fixture).
/// </summary>
public sealed class EchoRun : IAsyncLifetime
{
    public static readonly string[] Selection = ["1.1.1", "1.1.2", "1.1.6", "1.2.1", "2.2", "2.10", "7.1.1", "7.1.6", "7.3.1", "masking.1"];

    public RunResult Run { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var cases = CaseSelector.Select(CatalogLoader.LoadDirectory(CatalogLoader.DefaultDirectory).Cases, Selection, []);
        await using var server = await EchoServer.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Run = await ConformanceRun.RunAsync(cases, [new Target(server.Uri, EchoServer.Agent)], new RunOptions(Concurrency: 4), null, timeout.Token);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
