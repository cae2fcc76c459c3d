using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using WsConformance.TestServers;

namespace WsConformance.Cli.Tests;

/// <summary><c>wsconf run</c> stopped before every selected case finished: the reports list the rest as NOT RUN.</summary>
public sealed class RunCompletenessTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("wsconf-run-complete-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Ctrl_c_during_a_run_exits_130_with_every_unfinished_case_not_run()
    {
        // A server that reads and never echoes: 9.1.3 and 9.1.4 each wait 100 s for their echo, so neither finishes.
        // Ctrl-C must come once the cases run, not during the target probe's short connection: a connection still
        // open after a second is a case waiting for its echo.
        var caseRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var echoHandler = CodecEchoServer.Handler(EchoBehaviour.Correct with { Echoes = false });
        await using var server = LoopbackServer.Start(async (socket, stream, stopping) =>
        {
            var connection = echoHandler(socket, stream, stopping);
            if (await Task.WhenAny(connection, Task.Delay(TimeSpan.FromSeconds(1), stopping)) != connection)
            {
                caseRunning.TrySetResult();
            }

            await connection;
        });
        using var run = Wsconf.Start("run", "--target", server.Uri.ToString(), "--cases", "9.1.3", "--cases", "9.1.4", "--out", _folder);
        await caseRunning.Task.WaitAsync(Bound);

        using (var interrupt = Process.Start("kill", ["-INT", run.ProcessId.ToString(CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }

        var outcome = await run.WaitAsync();

        Assert.True(outcome.ExitCode == ExitCodes.Interrupted, outcome.StandardError);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "report.json")));
        Assert.False(report.RootElement.GetProperty("complete").GetBoolean());
        Assert.Equal(["9.1.3", "9.1.4"], report.RootElement.GetProperty("notRun").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
        Assert.Equal(0, report.RootElement.GetProperty("cases").GetArrayLength());
    }
}
