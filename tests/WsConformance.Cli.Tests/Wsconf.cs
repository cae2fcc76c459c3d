using System.Diagnostics;

namespace WsConformance.Cli.Tests;

/// <summary>Runs the real <c>wsconf</c> as a child process, as users and CI do, with a bounded wait.</summary>
internal static class Wsconf
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public sealed record Outcome(int ExitCode, string StandardOutput, string StandardError);

    public static Task<Outcome> RunAsync(params string[] arguments) => Start(arguments).WaitAsync();

    /// <summary>Starts wsconf without waiting (e.g. <c>serve</c>, which runs until a client stops it); dispose to kill it.</summary>
    public static Running Start(params string[] arguments) => Start(Limit, temporaryFolder: null, arguments);

    /// <summary>
    /// As <see cref="Start(string[])"/>, for a run that may take longer than the usual limit (a browser's catalog run),
    /// optionally with its own temporary folder (TMPDIR), so what it creates there is known to be its own.
    /// </summary>
    public static Running Start(TimeSpan limit, string? temporaryFolder, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (temporaryFolder is not null)
        {
            start.Environment["TMPDIR"] = temporaryFolder;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "wsconf.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new Running(Process.Start(start)!, arguments, limit);
    }

    /// <summary>A wsconf process that is running.</summary>
    public sealed class Running(Process process, string[] arguments, TimeSpan limit) : IDisposable
    {
        private readonly Task<string> _output = process.StandardOutput.ReadToEndAsync();
        private readonly Task<string> _error = process.StandardError.ReadToEndAsync();

        public int ProcessId => process.Id;

        /// <summary>Waits for the exit (killing the process past the limit) and returns what it wrote.</summary>
        public async Task<Outcome> WaitAsync()
        {
            using var timeout = new CancellationTokenSource(limit);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"wsconf {string.Join(' ', arguments)} did not end within {limit.TotalSeconds} s.");
            }

            return new Outcome(process.ExitCode, await _output, await _error);
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }
    }
}
