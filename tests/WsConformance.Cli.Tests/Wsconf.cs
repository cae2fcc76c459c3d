using System.Diagnostics;

namespace WsConformance.Cli.Tests;

/// <summary>Runs the real <c>wsconf</c> as a child process, as users and CI do, with a bounded wait.</summary>
internal static class Wsconf
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public sealed record Outcome(int ExitCode, string StandardOutput, string StandardError);

    public static async Task<Outcome> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "wsconf.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"wsconf {string.Join(' ', arguments)} did not end within {Limit.TotalSeconds} s.");
        }

        return new Outcome(process.ExitCode, await output, await error);
    }
}
