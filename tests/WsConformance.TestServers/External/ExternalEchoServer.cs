using System.Diagnostics;
using System.Globalization;

namespace WsConformance.TestServers.External;

/// <summary>
/// A third-party WebSocket echo server (Node ws or Python websockets, as Debian 12 packages them) running
/// as a child process on 127.0.0.1 and an ephemeral port, for interop tests. The configurations match the
/// real Autobahn|Testsuite reference runs in /work/shared/reference/autobahn-results/.
/// Disposing kills the process tree and waits for it to exit.
/// </summary>
public sealed class ExternalEchoServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ExitGracePeriod = TimeSpan.FromSeconds(1);

    private readonly Process process;
    private int disposed;

    private ExternalEchoServer(Process process, string agent, int port)
    {
        this.process = process;
        Agent = agent;
        Uri = new Uri($"ws://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    /// <summary>True when <c>node</c> runs and loads Debian's node-ws.</summary>
    public static bool IsNodeWsAvailable => EchoRuntime.NodeWs.Interpreter is not null;

    /// <summary>True when a <c>python3</c> runs and imports Debian's python3-websockets.</summary>
    public static bool IsPythonWebsocketsAvailable => EchoRuntime.PythonWebsockets.Interpreter is not null;

    /// <summary>Where the server accepts WebSocket connections: <c>ws://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public Uri Uri { get; }

    /// <summary>The library and its installed version, e.g. <c>ws-8.11.0</c> or <c>websockets-10.4</c>.</summary>
    public string Agent { get; }

    /// <summary>The id of the server process (the interpreter running the echo script).</summary>
    public int ProcessId => process.Id;

    /// <summary>Starts the Node ws echo server (tests/interop/ws-echo.js).</summary>
    public static Task<ExternalEchoServer> StartNodeWsAsync(CancellationToken cancellationToken) =>
        StartAsync(EchoRuntime.NodeWs, cancellationToken);

    /// <summary>Starts the RFC 8441 echo server on Node's http2 module and Node ws (tests/interop/ws-http2-echo.js), h2c only.</summary>
    public static Task<ExternalEchoServer> StartNodeWsOverHttp2Async(CancellationToken cancellationToken) =>
        StartAsync(EchoRuntime.NodeWsOverHttp2, cancellationToken);

    /// <summary>Starts the Python websockets echo server (tests/interop/websockets-echo.py).</summary>
    public static Task<ExternalEchoServer> StartPythonWebsocketsAsync(CancellationToken cancellationToken) =>
        StartAsync(EchoRuntime.PythonWebsockets, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(process);
        process.Dispose();
    }

    private static async Task<ExternalEchoServer> StartAsync(EchoRuntime runtime, CancellationToken cancellationToken)
    {
        string interpreter = runtime.Interpreter ?? throw new InvalidOperationException(runtime.NotInstalledMessage);
        Process process = runtime.Launch(interpreter, versionOnly: false);
        var stderr = new StandardErrorCapture(process);
        using var startDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startDeadline.CancelAfter(StartTimeout);

        string failure;
        try
        {
            string? versionLine = await ReadLineAsync(process, startDeadline.Token);
            string? listeningLine = versionLine is null ? null : await ReadLineAsync(process, startDeadline.Token);
            string? version = versionLine is null ? null : ServerOutput.ValueAfter(versionLine, ServerOutput.VersionPrefix);
            string? port = listeningLine is null ? null : ServerOutput.ValueAfter(listeningLine, ServerOutput.ListeningPrefix);
            if (version is not null && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int portNumber))
            {
                return new ExternalEchoServer(process, runtime.AgentPrefix + version, portNumber);
            }

            failure = listeningLine is null
                ? "closed stdout before printing its VERSION and LISTENING lines"
                : $"printed \"{versionLine}\" and \"{listeningLine}\" instead of its VERSION and LISTENING lines";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = $"did not print its VERSION and LISTENING lines within {StartTimeout.TotalSeconds} s";
        }
        catch
        {
            await StopAsync(process);
            process.Dispose();
            throw;
        }

        throw await StartFailureAsync(runtime, interpreter, process, stderr, failure);
    }

    private static async Task<InvalidOperationException> StartFailureAsync(
        EchoRuntime runtime, string interpreter, Process process, StandardErrorCapture stderr, string failure)
    {
        // A server that closed stdout is usually exiting; give it a moment so its exit code can be reported.
        await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(ExitGracePeriod));
        string ending = process.HasExited
            ? $"it exited with code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}"
            : "it was killed";
        await StopAsync(process);
        process.Dispose();
        return new InvalidOperationException(
            $"{runtime.DisplayName} echo server ({interpreter} {runtime.ScriptPath}) {failure}; {ending}. " +
            $"Its stderr:{Environment.NewLine}{stderr}");
    }

    /// <summary>Reads one stdout line; null once stdout has ended.</summary>
    private static async Task<string?> ReadLineAsync(Process process, CancellationToken cancellationToken) =>
        // WaitAsync bounds the read even if the pipe read ignores the token; killing the process ends it.
        await process.StandardOutput.ReadLineAsync(cancellationToken).AsTask().WaitAsync(cancellationToken);

    /// <summary>Kills the process and every child, then waits so the OS has released its port.</summary>
    private static async Task StopAsync(Process process)
    {
        process.Kill(entireProcessTree: true);
        using var stopDeadline = new CancellationTokenSource(StopTimeout);
        await process.WaitForExitAsync(stopDeadline.Token);
    }
}
