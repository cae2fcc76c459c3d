using WsConformance.Engine.Running;
using WsConformance.PropertyFuzzing.Reporting;
using WsConformance.PropertyFuzzing.Running;
using WsConformance.Reporting.Tests.Support;

namespace WsConformance.PropertyFuzzing.Tests.Support;

/// <summary>
/// A real property-fuzzing run against <see cref="HostileServer"/>, whose every echo, pong and close reason is an
/// injection attempt with control characters, under an agent name that is one too: its findings carry hostile
/// wire strings into fuzz-report.json and fuzz-report.html. The case file goes to a temporary folder, deleted with the fixture.
/// </summary>
public sealed class HostileFuzzRun : IAsyncLifetime, IDisposable
{
    public const string Agent = "<script>window.__pwned=7</script>fuzzed\"'";

    private const int Seed = 20_261_121;

    private readonly TempDirectory _folder = new();

    public FuzzResult Result { get; private set; } = null!;

    public Target Target { get; private set; } = null!;

    public FuzzOptions Options { get; } = FuzzHarness.Options(runs: 40, Seed, stopAfterFindings: 2) with { MaxShrinkRuns = 60 };

    public async Task InitializeAsync()
    {
        await using var hostile = new HostileServer();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        Target = new Target(hostile.Uri, Agent);
        var result = await new PropertyFuzzer(Target, Options).RunAsync(null, timeout.Token);
        Result = FindingFiles.WriteCaseFile(_folder.Path, result, Target.Uri, Options);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();
}
