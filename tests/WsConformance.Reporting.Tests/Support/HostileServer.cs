using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Reporting.Tests.Support;

/// <summary>
/// A WebSocket server whose every answer is an injection attempt: its Server header and subprotocol, every
/// message it sends back and its close reason carry &lt;script&gt;, &lt;/script&gt;, quotes, an
/// &lt;img onerror&gt; and control characters. Any of them running in a report sets <c>window.__pwned</c> or
/// changes <c>document.title</c>. Raw TCP on 127.0.0.1, ephemeral port; one task per connection.
/// Requests for <see cref="HeadersPath"/> get the control characters in the Server header and an unoffered
/// subprotocol, which the harness rightly refuses (the hostile text then reaches the report through the
/// reason); every other path completes the handshake with a Server header that is hostile but printable.
/// </summary>
internal sealed class HostileServer : IAsyncDisposable
{
    /// <summary>Script that would mark the page as compromised if it ever ran.</summary>
    public const string Script = "<script>window.__pwned=1;document.title='pwned'</script>";

    public const string Image = "<img src=x onerror=\"window.__pwned=2\">";

    /// <summary>Ends any script element first, then injects; quotes and control characters for good measure.</summary>
    public const string EchoText = "</script>" + Script + Image + "\"'`|\u0001\u001b\u007f\u2028 end";

    /// <summary>Must fit a close frame: at most 123 bytes of UTF-8.</summary>
    public const string CloseReason = "</script><script>window.__pwned=3</script>\"'\u0001\u001b";

    /// <summary>Header values: no CR or LF (they would end the header), but every other hostile character.</summary>
    public const string ServerHeader = "</script><script>window.__pwned=4</script><img src=x onerror=window.__pwned=5>\"'\u0001";

    /// <summary>The Server header of connections that complete the handshake: hostile, but legal in HTTP.</summary>
    public const string PrintableServerHeader = "</script><script>window.__pwned=8</script>\"'";

    public const string HeadersPath = "/headers";

    public const string Subprotocol = "</script><img src=x onerror=window.__pwned=6>";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;

    public HostileServer()
    {
        _listener.Start();
        Uri = new Uri($"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri Uri { get; }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_connections)
                {
                    _connections.Add(ServeAsync(client));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(20));
                var request = await ReadRequestAsync(stream, timeout.Token);
                var key = request.Split("\r\n").Select(l => l.Split(':', 2)).FirstOrDefault(p => p[0].Trim().Equals("Sec-WebSocket-Key", StringComparison.OrdinalIgnoreCase))?[1].Trim() ?? "";
                var accept = SecWebSocketKey.ComputeAccept(key);
                var headers = request.StartsWith($"GET {HeadersPath}", StringComparison.Ordinal)
                    ? $"Server: {ServerHeader}\r\nSec-WebSocket-Protocol: {Subprotocol}\r\n"
                    : $"Server: {PrintableServerHeader}\r\n";
                var response = $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n{headers}\r\n";
                await stream.WriteAsync(Encoding.UTF8.GetBytes(response), timeout.Token);
                await ServeFramesAsync(stream, timeout.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or EndOfStreamException)
            {
                // The harness dropped the connection, or the test ended.
            }
        }
    }

    private static async Task ServeFramesAsync(NetworkStream stream, CancellationToken token)
    {
        while (true)
        {
            var (fin, opcode) = await ReadFrameAsync(stream, token);
            switch (opcode)
            {
                case 0x8:
                    var reason = Encoding.UTF8.GetBytes(CloseReason);
                    var body = new byte[2 + reason.Length];
                    BinaryPrimitives.WriteUInt16BigEndian(body, 1000);
                    reason.CopyTo(body, 2);
                    await stream.WriteAsync(Frame(0x8, body), token);
                    return;
                case 0x9:
                    await stream.WriteAsync(Frame(0xA, Encoding.UTF8.GetBytes(Image)), token);
                    break;
                case 0x1 or 0x2 or 0x0 when fin:
                    await stream.WriteAsync(Frame(0x1, Encoding.UTF8.GetBytes(EchoText)), token);
                    break;
            }
        }
    }

    private static async Task<string> ReadRequestAsync(NetworkStream stream, CancellationToken token)
    {
        var request = new List<byte>();
        var one = new byte[1];
        while (request.Count < 4 || !(request[^4] == '\r' && request[^3] == '\n' && request[^2] == '\r' && request[^1] == '\n'))
        {
            await stream.ReadExactlyAsync(one, token);
            request.Add(one[0]);
        }

        return Encoding.ASCII.GetString(request.ToArray());
    }

    /// <summary>Reads one (masked) client frame; the payload is discarded.</summary>
    private static async Task<(bool Fin, int Opcode)> ReadFrameAsync(NetworkStream stream, CancellationToken token)
    {
        var header = new byte[2];
        await stream.ReadExactlyAsync(header, token);
        long length = header[1] & 0x7F;
        if (length >= 126)
        {
            var extended = new byte[length == 126 ? 2 : 8];
            await stream.ReadExactlyAsync(extended, token);
            length = extended.Length == 2 ? BinaryPrimitives.ReadUInt16BigEndian(extended) : (long)BinaryPrimitives.ReadUInt64BigEndian(extended);
        }

        var skip = length + ((header[1] & 0x80) != 0 ? 4 : 0);
        var buffer = new byte[8192];
        while (skip > 0)
        {
            var read = (int)Math.Min(skip, buffer.Length);
            await stream.ReadExactlyAsync(buffer.AsMemory(0, read), token);
            skip -= read;
        }

        return ((header[0] & 0x80) != 0, header[0] & 0x0F);
    }

    private static byte[] Frame(int opcode, byte[] payload)
    {
        var frame = new List<byte> { (byte)(0x80 | opcode) };
        if (payload.Length < 126)
        {
            frame.Add((byte)payload.Length);
        }
        else
        {
            frame.Add(126);
            frame.Add((byte)(payload.Length >> 8));
            frame.Add((byte)payload.Length);
        }

        frame.AddRange(payload);
        return [.. frame];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections);
        _stop.Dispose();
    }
}
