using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Engine.Tests.Transport;

/// <summary>
/// A one-connection loopback server for transport tests: it reads the request header block, then hands the
/// request text and the client to a script that answers however the test wants. The connection stays open
/// after the script until the server is disposed.
/// </summary>
internal sealed partial class ScriptedServer : IAsyncDisposable
{
    private const int MaxRequestBytes = 64 * 1024;

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<string> _request = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _serving;

    private ScriptedServer(TcpListener listener, Func<string, TcpClient, CancellationToken, Task> script)
    {
        _listener = listener;
        _serving = ServeAsync(script);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The request header block as received (Latin-1), blank line included.</summary>
    public Task<string> Request => _request.Task;

    public static ScriptedServer Start(Func<string, TcpClient, CancellationToken, Task> script, IPAddress? address = null)
    {
        var listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        listener.Start();
        return new ScriptedServer(listener, script);
    }

    /// <summary>A server that writes each of <paramref name="writes"/> separately, built from the request text.</summary>
    public static ScriptedServer Replying(Func<string, IEnumerable<byte[]>> writes, IPAddress? address = null) =>
        Start(async (request, client, token) =>
        {
            foreach (var bytes in writes(request))
            {
                await client.GetStream().WriteAsync(bytes, token);
                await client.GetStream().FlushAsync(token);
            }
        }, address);

    public Uri Uri(string pathAndQuery = "/")
    {
        var endpoint = (IPEndPoint)_listener.LocalEndpoint;
        var host = endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString();
        return new Uri($"ws://{host}:{endpoint.Port}{pathAndQuery}");
    }

    /// <summary>The correct Sec-WebSocket-Accept for the key in <paramref name="request"/>.</summary>
    public static string AcceptFor(string request) => SecWebSocketKey.ComputeAccept(KeyHeader().Match(request).Groups[1].Value);

    public static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    public static string SwitchingProtocols(string request) =>
        $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {AcceptFor(request)}\r\n\r\n";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The server is being torn down; the client side of each test asserts what matters.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync(Func<string, TcpClient, CancellationToken, Task> script)
    {
        using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
        var request = await ReadRequestAsync(client.GetStream(), _stop.Token);
        _request.TrySetResult(request);
        await script(request, client, _stop.Token);
        await Task.Delay(Timeout.Infinite, _stop.Token);
    }

    private static async Task<string> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[1];
        while (received.Count < MaxRequestBytes && !EndsWithBlankLine(received))
        {
            if (await stream.ReadAsync(buffer, cancellationToken) == 0)
            {
                break;
            }

            received.Add(buffer[0]);
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }

    private static bool EndsWithBlankLine(List<byte> received) =>
        received.Count >= 4 && received[^4] == '\r' && received[^3] == '\n' && received[^2] == '\r' && received[^1] == '\n';

    [GeneratedRegex(@"(?im)^Sec-WebSocket-Key:[ \t]*(\S*)[ \t]*\r$")]
    private static partial Regex KeyHeader();
}
