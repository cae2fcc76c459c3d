using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace WsConformance.TestServers.External;

/// <summary>
/// A reverse proxy run as a child process in front of an HTTP/1.1 WebSocket server, speaking HTTP/2 with prior knowledge
/// (h2c) on 127.0.0.1 and an ephemeral port: it advertises RFC 8441 and turns each extended CONNECT stream into an
/// HTTP/1.1 upgrade to the backend. nghttpx (Debian nghttp2-proxy) and HAProxy (Debian haproxy) are the two the
/// interop tests use. Disposing kills the process and deletes its configuration file.
/// </summary>
public sealed class Http2FrontEnd : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>How long HAProxy keeps an idle client, server or tunnel: longer than any case runs.</summary>
    private const string HaproxyIdleTimeout = "120s";

    private readonly Process _process;
    private readonly string _configFile;

    private Http2FrontEnd(Process process, string configFile, Uri uri)
    {
        _process = process;
        _configFile = configFile;
        Uri = uri;
    }

    /// <summary>Where nghttpx is (on PATH, or /usr/sbin where Debian puts it), or null.</summary>
    public static string? NghttpxExecutable { get; } = FindExecutable("nghttpx");

    /// <summary>Where haproxy is (on PATH, or /usr/sbin where Debian puts it), or null.</summary>
    public static string? HaproxyExecutable { get; } = FindExecutable("haproxy");

    /// <summary>ws://127.0.0.1:PORT/ of the front end.</summary>
    public Uri Uri { get; }

    /// <summary>nghttpx with an empty <c>--conf</c>, so Debian's /etc/nghttpx/nghttpx.conf is not read. RFC 8441 is on by default.</summary>
    public static Task<Http2FrontEnd> StartNghttpxAsync(Uri backend, CancellationToken cancellationToken)
    {
        int port = FreeLoopbackPort();
        string config = Path.GetTempFileName();
        var start = new ProcessStartInfo(NghttpxExecutable ?? throw new InvalidOperationException("nghttpx is not installed."))
        {
            ArgumentList =
            {
                $"--conf={config}", $"--frontend=127.0.0.1,{port};no-tls", $"--backend={backend.Host},{backend.Port}", "--workers=1",
                "--accesslog-file=/dev/null", "--errorlog-file=/dev/null",
            },
        };
        return StartAsync(start, config, port, cancellationToken);
    }

    /// <summary>
    /// HAProxy with an h2c front end. With <paramref name="advertiseExtendedConnect"/> false it runs with the global option
    /// <c>h2-workaround-bogus-websocket-clients</c>, which makes it stop sending SETTINGS_ENABLE_CONNECT_PROTOCOL: a real
    /// server without RFC 8441, for negative controls.
    /// </summary>
    public static Task<Http2FrontEnd> StartHaproxyAsync(Uri backend, bool advertiseExtendedConnect, CancellationToken cancellationToken)
    {
        int port = FreeLoopbackPort();
        string config = Path.GetTempFileName();
        File.WriteAllText(config, HaproxyConfig(port, backend, advertiseExtendedConnect));
        var start = new ProcessStartInfo(HaproxyExecutable ?? throw new InvalidOperationException("haproxy is not installed."))
        {
            // -db: stay in the foreground, so killing this process stops the proxy.
            ArgumentList = { "-f", config, "-db" },
        };
        return StartAsync(start, config, port, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        File.Delete(_configFile);
    }

    private static string HaproxyConfig(int port, Uri backend, bool advertiseExtendedConnect) => string.Join('\n',
        "global",
        advertiseExtendedConnect ? "" : "  h2-workaround-bogus-websocket-clients",
        "defaults",
        "  mode http",
        "  timeout connect 10s",
        $"  timeout client {HaproxyIdleTimeout}",
        $"  timeout server {HaproxyIdleTimeout}",
        $"  timeout tunnel {HaproxyIdleTimeout}",
        "frontend websockets",
        string.Create(CultureInfo.InvariantCulture, $"  bind 127.0.0.1:{port} proto h2"),
        "  default_backend echo",
        "backend echo",
        string.Create(CultureInfo.InvariantCulture, $"  server echo {backend.Host}:{backend.Port}"),
        "");

    private static async Task<Http2FrontEnd> StartAsync(ProcessStartInfo start, string config, int port, CancellationToken cancellationToken)
    {
        // The proxies log to their own files or not at all; output nobody reads must not fill a pipe and stall them.
        start.RedirectStandardOutput = false;
        start.RedirectStandardError = false;
        var proxy = new Http2FrontEnd(Process.Start(start)!, config, new Uri(string.Create(CultureInfo.InvariantCulture, $"ws://127.0.0.1:{port}/")));
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

    private static string? FindExecutable(string name) => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin")
        .Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);

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
