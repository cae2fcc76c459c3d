using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace WsConformance.Cli.Browsers;

/// <summary>
/// A headless browser this process started on the client page, with a temporary profile. Disposing it always kills
/// the browser (its whole process tree: browsers run many processes) and deletes the profile, whatever ended the run.
/// </summary>
internal sealed partial class HeadlessBrowser : IDisposable
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly string _profile;

    private HeadlessBrowser(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Completes when the browser exits by itself (crashed, or closed by someone else).</summary>
    public Task Exited => _process.WaitForExitAsync();

    /// <summary>The exit code, once <see cref="Exited"/> completed.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The first executable for <paramref name="kind"/> on PATH, or null.</summary>
    public static string? Find(BrowserKind kind)
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return BrowserCommandLine.Executables(kind)
            .SelectMany(name => folders.Select(folder => Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Starts the browser on <paramref name="page"/>; its output goes to the debug log. An https page's certificate is
    /// trusted through <paramref name="trustedCaPem"/> (Firefox) or by ignoring certificate errors (Chromium).
    /// </summary>
    /// <exception cref="Win32Exception">The executable could not be started.</exception>
    /// <exception cref="InvalidOperationException">The CA could not be put into Firefox's profile.</exception>
    public static HeadlessBrowser Start(BrowserKind kind, string executable, Uri page, ILogger logger, string? trustedCaPem = null)
    {
        var profile = Directory.CreateTempSubdirectory($"wsconf-{kind.ToString().ToLowerInvariant()}-").FullName;
        try
        {
            BrowserCommandLine.PrepareProfile(kind, profile, trustedCaPem);
        }
        catch
        {
            Directory.Delete(profile, recursive: true);
            throw;
        }

        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in BrowserCommandLine.Arguments(kind, profile, page))
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => LogOutput(logger, line.Data);
        process.ErrorDataReceived += (_, line) => LogOutput(logger, line.Data);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            Directory.Delete(profile, recursive: true);
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        BrowserLog.Started(logger, executable, process.Id, page);
        return new HeadlessBrowser(process, profile);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(ExitWait);
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        finally
        {
            _process.Dispose();
            DeleteProfile();
        }
    }

    private void DeleteProfile()
    {
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A browser process still writing into it; the temporary folder is the system's to clean.
        }
    }

    private static void LogOutput(ILogger logger, string? line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            BrowserLog.Output(logger, line);
        }
    }
}

/// <summary>Log messages of <c>wsconf serve --browser</c> (event ids 70+).</summary>
internal static partial class BrowserLog
{
    [LoggerMessage(EventId = 70, Level = LogLevel.Information, Message = "Started {Executable} (process {ProcessId}) on {Page}")]
    public static partial void Started(ILogger logger, string executable, int processId, Uri page);

    [LoggerMessage(EventId = 71, Level = LogLevel.Debug, Message = "browser: {Line}")]
    public static partial void Output(ILogger logger, string line);

    [LoggerMessage(EventId = 72, Level = LogLevel.Warning, Message = "The browser exited before the run ended (exit code {ExitCode})")]
    public static partial void ExitedEarly(ILogger logger, int exitCode);
}
