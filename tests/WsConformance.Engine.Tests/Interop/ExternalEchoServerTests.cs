using System.Diagnostics;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using WsConformance.TestServers.External;

namespace WsConformance.Engine.Tests.Interop;

/// <summary>
/// The third-party echo servers start, echo text and binary messages with their type, and are gone after
/// dispose. A missing server fails the test with the package to install: CI installs both (.ci/run).
/// </summary>
public sealed class ExternalEchoServerTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    public static TheoryData<string> Servers => new() { NodeWs, PythonWebsockets };

    private const string NodeWs = "node-ws";
    private const string PythonWebsockets = "python3-websockets";

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Server_is_installed_and_reports_its_version(string package)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using ExternalEchoServer server = await StartAsync(package, timeout.Token);

        string expectedPrefix = package == NodeWs ? "ws-" : "websockets-";
        Assert.StartsWith(expectedPrefix, server.Agent, StringComparison.Ordinal);
        Assert.True(Version.TryParse(server.Agent[expectedPrefix.Length..], out _), $"Agent '{server.Agent}' has no version");
        Assert.Equal("ws", server.Uri.Scheme);
        Assert.Equal("127.0.0.1", server.Uri.Host);
        Assert.NotEqual(0, server.Uri.Port);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Server_echoes_text_and_binary_messages_with_their_type(string package)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        await using ExternalEchoServer server = await StartAsync(package, timeout.Token);
        using var client = new ClientWebSocket();
        await client.ConnectAsync(server.Uri, timeout.Token);

        byte[] text = Encoding.UTF8.GetBytes("Hello, κόσμε");
        byte[] binary = [0x00, 0xFF, 0x80, 0x7F, 0xC3, 0x28];
        await client.SendAsync(text, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        await client.SendAsync(binary, WebSocketMessageType.Binary, endOfMessage: true, timeout.Token);

        var (firstType, firstPayload) = await ReceiveMessageAsync(client, timeout.Token);
        Assert.Equal(WebSocketMessageType.Text, firstType);
        Assert.Equal(text, firstPayload);
        var (secondType, secondPayload) = await ReceiveMessageAsync(client, timeout.Token);
        Assert.Equal(WebSocketMessageType.Binary, secondType);
        Assert.Equal(binary, secondPayload);

        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Dispose_stops_the_server_process_and_frees_its_port(string package)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        ExternalEchoServer server = await StartAsync(package, timeout.Token);
        int processId = server.ProcessId;
        int port = server.Uri.Port;
        Assert.False(HasExited(processId), "the server process should be running before dispose");

        await server.DisposeAsync();

        Assert.True(HasExited(processId), $"process {processId} is still running after dispose");
        using var probe = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(
            async () => await probe.ConnectAsync("127.0.0.1", port, timeout.Token));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    private static async Task<ExternalEchoServer> StartAsync(string package, CancellationToken cancellationToken)
    {
        bool installed = package == NodeWs ? ExternalEchoServer.IsNodeWsAvailable : ExternalEchoServer.IsPythonWebsocketsAvailable;
        Assert.True(installed, $"The echo server from the Debian package {package} is not available: " +
            $"run `apt-get install -y {package}` (.ci/run installs it). Interop tests do not skip.");
        return package == NodeWs
            ? await ExternalEchoServer.StartNodeWsAsync(cancellationToken)
            : await ExternalEchoServer.StartPythonWebsocketsAsync(cancellationToken);
    }

    private static async Task<(WebSocketMessageType Type, byte[] Payload)> ReceiveMessageAsync(
        ClientWebSocket client, CancellationToken cancellationToken)
    {
        using var payload = new MemoryStream();
        var buffer = new byte[4096];
        ValueWebSocketReceiveResult result;
        do
        {
            result = await client.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            payload.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return (result.MessageType, payload.ToArray());
    }

    private static bool HasExited(int processId)
    {
        try
        {
            using Process process = Process.GetProcessById(processId);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            // No process with that id any more.
            return true;
        }
    }
}
