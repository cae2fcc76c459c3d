using System.Diagnostics;
using System.Globalization;

namespace WsConformance.TestServers.External;

/// <summary>
/// A third-party WebSocket client driven by its Autobahn client-driver script (tests/interop/ws-client.js,
/// websockets-client.py): it asks a fuzzing server for its cases and runs them one after another.
/// </summary>
public static class ExternalClient
{
    /// <summary>True when <c>node</c> runs the ws client driver with Debian's node-ws.</summary>
    public static bool IsNodeWsAvailable => EchoRuntime.NodeWsClient.Interpreter is not null;

    /// <summary>True when <c>python3</c> runs the websockets client driver with Debian's python3-websockets.</summary>
    public static bool IsPythonWebsocketsAvailable => EchoRuntime.PythonWebsocketsClient.Interpreter is not null;

    /// <summary>Runs the ws client driver over cases <paramref name="first"/>..<paramref name="last"/>; returns its stdout.</summary>
    public static Task<string> RunNodeWsAsync(Uri server, string agent, int first, int last, TimeSpan timeout) =>
        RunAsync(EchoRuntime.NodeWsClient, server, agent, first, last, timeout);

    /// <summary>Runs the websockets client driver over cases <paramref name="first"/>..<paramref name="last"/>; returns its stdout.</summary>
    public static Task<string> RunPythonWebsocketsAsync(Uri server, string agent, int first, int last, TimeSpan timeout) =>
        RunAsync(EchoRuntime.PythonWebsocketsClient, server, agent, first, last, timeout);

    /// <summary>Runs the aiohttp client driver over cases <paramref name="first"/>..<paramref name="last"/>; returns its stdout.</summary>
    public static Task<string> RunAiohttpAsync(Uri server, string agent, int first, int last, TimeSpan timeout) =>
        RunAsync(EchoRuntime.AiohttpClient, server, agent, first, last, timeout);

    /// <summary>Runs the Tornado client driver over cases <paramref name="first"/>..<paramref name="last"/>; returns its stdout.</summary>
    public static Task<string> RunTornadoAsync(Uri server, string agent, int first, int last, TimeSpan timeout) =>
        RunAsync(EchoRuntime.TornadoClient, server, agent, first, last, timeout);

    private static async Task<string> RunAsync(EchoRuntime runtime, Uri server, string agent, int first, int last, TimeSpan timeout)
    {
        var interpreter = runtime.Interpreter ?? throw new InvalidOperationException(runtime.NotInstalledMessage);
        using var process = runtime.Launch(interpreter, versionOnly: false,
            [server.ToString(), agent, first.ToString(CultureInfo.InvariantCulture), last.ToString(CultureInfo.InvariantCulture)]);
        var stderr = new StandardErrorCapture(process);
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{runtime.DisplayName} did not finish within {timeout.TotalSeconds} s. Its stderr:{Environment.NewLine}{stderr}");
        }

        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{runtime.DisplayName} exited with code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}. Its stdout:{Environment.NewLine}{output}Its stderr:{Environment.NewLine}{stderr}");
        }

        return output;
    }
}
