using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WsConformance.Engine.Tests.Interop;

/// <summary>
/// nghttpx as an HTTP/2 front end (h2c, prior knowledge) to an HTTP/1.1 WebSocket server: it advertises RFC 8441 and
/// turns each extended CONNECT into an HTTP/1.1 upgrade to the backend. Stopped (killed) on dispose.
/// </summary>
internal sealed class Nghttpx : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly Process _process;
    private readonly string _emptyConfig;

    private Nghttpx(Process process, string emptyConfig, Uri uri)
    {
        _process = process;
        _emptyConfig = emptyConfig;
        Uri = uri;
    }

    /// <summary>Where nghttpx is on PATH (or /usr/sbin, where Debian puts it), or null.</summary>
    public static string? Executable { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin")
        .Select(folder => Path.Combine(folder, "nghttpx")).FirstOrDefault(File.Exists);

    /// <summary>ws://127.0.0.1:PORT/ of the front end.</summary>
    public Uri Uri { get; }

    public static async Task<Nghttpx> StartAsync(Uri backend, CancellationToken cancellationToken)
    {
        int port = FreeLoopbackPort();
        // An empty --conf, so Debian's /etc/nghttpx/nghttpx.conf is not read.
        string emptyConfig = Path.GetTempFileName();
        var start = new ProcessStartInfo(Executable!)
        {
            ArgumentList =
            {
                $"--conf={emptyConfig}", $"--frontend=127.0.0.1,{port};no-tls", $"--backend={backend.Host},{backend.Port}", "--workers=1",
                "--accesslog-file=/dev/null", "--errorlog-file=/dev/null",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        var proxy = new Nghttpx(process, emptyConfig, new Uri($"ws://127.0.0.1:{port}/"));
        try
        {
            await WaitUntilListeningAsync(port, cancellationToken);
            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        File.Delete(_emptyConfig);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        while (true)
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, port, deadline.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(PollInterval, deadline.Token);
            }
        }
    }
}
