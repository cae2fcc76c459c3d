using System.Diagnostics;
using System.Text;

namespace WsConformance.Fuzzing.Tests;

/// <summary>Runs a program to completion within a time limit (killing its whole tree past it) and keeps its output.</summary>
internal static class ExternalProcess
{
    /// <summary>Exit code and interleaved stdout + stderr.</summary>
    public sealed record Result(int ExitCode, string Output);

    public static Result Run(string program, IEnumerable<string> arguments, TimeSpan limit, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} ran past {limit}:{Environment.NewLine}{Text(output)}");
        }

        process.WaitForExit(); // drains the asynchronous readers
        return new Result(process.ExitCode, Text(output));
    }

    /// <summary>Fails (never skips) when a front end's tool is missing: .ci/run installs it.</summary>
    public static string RequireOnPath(string tool, string package)
    {
        string? found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, tool)).FirstOrDefault(File.Exists);
        return found ?? throw new InvalidOperationException($"{tool} is not installed (apt-get install -y {package}; .ci/run installs it).");
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
