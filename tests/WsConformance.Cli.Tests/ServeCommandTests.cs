using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using WsConformance.TestServers;

namespace WsConformance.Cli.Tests;

/// <summary><c>wsconf serve</c> from the real executable: a client drives it through Autobahn's fuzzing-server protocol.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly string _folder = Directory.CreateTempSubdirectory("wsconf-serve-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_client_that_passes_and_asks_for_shutdown_ends_the_server_with_0_and_the_reports()
    {
        var port = FreePort();
        using var serve = Wsconf.Start("serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--cases", "1.1.1", "--cases", "2.2", "--out", _folder);
        var server = await WaitForServerAsync(port);
        using var timeout = new CancellationTokenSource(Bound);

        await CodecEchoClient.RunAsync(new Uri(server, "runCase?case=1&agent=cli-client"), EchoBehaviour.Correct, timeout.Token);
        await CodecEchoClient.RunAsync(new Uri(server, "runCase?casetuple=2.2&agent=cli-client"), EchoBehaviour.Correct, timeout.Token);
        await OpenAndCloseAsync(new Uri(server, "updateReports?agent=cli-client&shutdownOnComplete=true"));
        var outcome = await serve.WaitAsync();

        Assert.True(outcome.ExitCode == 0, outcome.StandardError);
        using (var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "report.json"))))
        {
            // Every served case ran and the client asked for the reports: the one way to a complete report.
            Assert.True(report.RootElement.GetProperty("complete").GetBoolean());
            Assert.Equal(0, report.RootElement.GetProperty("notRun").GetArrayLength());
        }

        using var index = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "autobahn", "index.json")));
        var agent = index.RootElement.GetProperty("cli-client");
        Assert.Equal("OK", agent.GetProperty("1.1.1").GetProperty("behavior").GetString());
        Assert.Equal("OK", agent.GetProperty("2.2").GetProperty("behavior").GetString());
        Assert.True(File.Exists(Path.Combine(_folder, "report.html")));
        using var caseFile = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "autobahn", agent.GetProperty("2.2").GetProperty("reportfile").GetString()!)));
        Assert.True(caseFile.RootElement.GetProperty("isServer").GetBoolean());
    }

    [Fact]
    public async Task A_client_that_fails_a_case_and_goes_away_ends_the_server_after_the_idle_timeout_with_1()
    {
        var port = FreePort();
        using var serve = Wsconf.Start("serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--cases", "3.1", "--idle-timeout", "1", "--out", _folder);
        var server = await WaitForServerAsync(port);
        using var timeout = new CancellationTokenSource(Bound);

        await CodecEchoClient.RunAsync(new Uri(server, "runCase?case=1&agent=broken"), BrokenServers.IgnoresReservedBits, timeout.Token);
        var outcome = await serve.WaitAsync();

        Assert.True(outcome.ExitCode == 1, outcome.StandardError);
        Assert.Contains("3.1", outcome.StandardError, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "report.json")));
        Assert.Equal(1, report.RootElement.GetProperty("cases").GetArrayLength());
    }

    internal static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>The server is up once getCaseCount answers (the process needs a moment to start).</summary>
    internal static async Task<Uri> WaitForServerAsync(int port)
    {
        var server = new Uri($"ws://127.0.0.1:{port}/");
        using var timeout = new CancellationTokenSource(Bound);
        while (true)
        {
            try
            {
                await OpenAndCloseAsync(new Uri(server, "getCaseCount"));
                return server;
            }
            catch (WebSocketException) when (!timeout.IsCancellationRequested)
            {
                await Task.Delay(100, timeout.Token);
            }
        }
    }

    internal static async Task OpenAndCloseAsync(Uri url)
    {
        using var timeout = new CancellationTokenSource(Bound);
        using var client = new ClientWebSocket();
        await client.ConnectAsync(url, timeout.Token);
        var buffer = new byte[1024];
        while ((await client.ReceiveAsync(buffer, timeout.Token)).MessageType != WebSocketMessageType.Close)
        {
            // Control answers carry at most one message before the server's Close.
        }

        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
    }
}
