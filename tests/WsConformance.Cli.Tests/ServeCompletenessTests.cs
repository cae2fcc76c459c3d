using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using System.Xml.Linq;
using WsConformance.Protocol.Handshake;
using WsConformance.TestServers;

namespace WsConformance.Cli.Tests;

/// <summary>
/// <c>wsconf serve</c> with clients that misbehave as a whole: a run is complete only when every served case ran,
/// cases that did not are NOT RUN in the reports, and the exit code says which it was. Every test is bounded by
/// <see cref="Wsconf"/>'s limit and stops its server.
/// </summary>
public sealed class ServeCompletenessTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("wsconf-serve-complete-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_client_that_exits_after_its_first_case_leaves_the_rest_not_run_and_exits_6()
    {
        var (serve, server) = await StartAsync("--cases", "1.1.1", "--cases", "1.1.2", "--cases", "2.2", "--cases", "2.3", "--exclude", "2.3");
        using (serve)
        {
            using var timeout = new CancellationTokenSource(Bound);
            await CodecEchoClient.RunAsync(new Uri(server, "runCase?case=1&agent=quitter"), EchoBehaviour.Correct, timeout.Token);
            var outcome = await serve.WaitAsync();

            Assert.True(outcome.ExitCode == ExitCodes.NotComplete, outcome.StandardError);
            Assert.Contains("INCOMPLETE: 2 selected case(s) NOT RUN", outcome.StandardError, StringComparison.Ordinal);
            using var report = await ReportAsync();
            var root = report.RootElement;
            Assert.False(root.GetProperty("complete").GetBoolean());
            Assert.Equal(["1.1.2", "2.2"], root.GetProperty("notRun").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
            Assert.All(root.GetProperty("notRun").EnumerateArray(), n => Assert.Equal("quitter", n.GetProperty("agent").GetString()));
            Assert.Equal(["2.3"], root.GetProperty("excluded").EnumerateArray().Select(n => n.GetProperty("id").GetString()));
            Assert.Equal("OK", root.GetProperty("cases")[0].GetProperty("behavior").GetString());
            var junit = XDocument.Load(Path.Combine(_folder, "report.junit.xml"));
            Assert.Equal(2, junit.Descendants("error").Count(e => (string?)e.Attribute("type") == "NOT RUN"));
            Assert.Contains("NOT RUN (2)", await File.ReadAllTextAsync(Path.Combine(_folder, "summary.md")), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_client_that_hangs_mid_case_gets_that_case_failed_and_the_run_incomplete_with_6()
    {
        var (serve, server) = await StartAsync("--cases", "1.1.1", "--cases", "1.1.2");
        using (serve)
        {
            using var timeout = new CancellationTokenSource(Bound);
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(server.Host, server.Port, timeout.Token);

            // A correct request, then the client hangs: it neither reads nor echoes nor closes, and never asks for case 2.
            await socket.SendAsync(HandshakeRequest.CreateDefault(new Uri(server, "runCase?case=1&agent=hanger")).ToBytes(), SocketFlags.None, timeout.Token);
            var outcome = await serve.WaitAsync();

            Assert.True(outcome.ExitCode == ExitCodes.NotComplete, outcome.StandardError);
            using var report = await ReportAsync();
            Assert.Equal("FAILED", report.RootElement.GetProperty("cases")[0].GetProperty("behavior").GetString());
            Assert.Equal("1.1.2", report.RootElement.GetProperty("notRun")[0].GetProperty("id").GetString());
        }
    }

    [Fact]
    public async Task A_client_that_never_echoes_runs_every_case_and_exits_1_with_the_cases_failed()
    {
        var (serve, server) = await StartAsync("--cases", "1.1.1", "--cases", "9.1.6");
        using (serve)
        {
            using var timeout = new CancellationTokenSource(Bound);
            var clock = Stopwatch.StartNew();
            foreach (var number in new[] { 1, 2 })
            {
                await CodecEchoClient.RunAsync(new Uri(server, $"runCase?case={number}&agent=silent"), EchoBehaviour.Correct with { Echoes = false }, timeout.Token);
            }

            var outcome = await serve.WaitAsync();

            Assert.True(outcome.ExitCode == ExitCodes.Failed, outcome.StandardError);
            using var report = await ReportAsync();
            Assert.True(report.RootElement.GetProperty("complete").GetBoolean());
            Assert.All(report.RootElement.GetProperty("cases").EnumerateArray(), c => Assert.Equal("FAILED", c.GetProperty("behavior").GetString()));
            Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
        }
    }

    [Fact]
    public async Task Ctrl_c_exits_130_and_lists_the_cases_not_run()
    {
        var (serve, server) = await StartAsync("--cases", "1.1.1", "--cases", "1.1.2", "--idle-timeout", "0");
        using (serve)
        {
            using var timeout = new CancellationTokenSource(Bound);
            await CodecEchoClient.RunAsync(new Uri(server, "runCase?case=1&agent=interrupted"), EchoBehaviour.Correct, timeout.Token);
            await WaitForCaseAsync(server, "interrupted", timeout.Token);

            using (var interrupt = Process.Start("kill", ["-INT", serve.ProcessId.ToString(CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync(timeout.Token);
            }

            var outcome = await serve.WaitAsync();

            Assert.True(outcome.ExitCode == ExitCodes.Interrupted, outcome.StandardError);
            using var report = await ReportAsync();
            Assert.False(report.RootElement.GetProperty("complete").GetBoolean());
            Assert.Equal("1.1.2", report.RootElement.GetProperty("notRun")[0].GetProperty("id").GetString());
        }
    }

    /// <summary>Starts <c>wsconf serve</c> on a free port (idle timeout 1 s unless given) writing into this test's folder.</summary>
    private async Task<(Wsconf.Running Serve, Uri Server)> StartAsync(params string[] arguments)
    {
        var port = ServeCommandTests.FreePort();
        string[] idle = arguments.Contains("--idle-timeout") ? [] : ["--idle-timeout", "1"];
        var serve = Wsconf.Start(["serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--out", _folder, .. idle, .. arguments]);
        return (serve, await ServeCommandTests.WaitForServerAsync(port));
    }

    private async Task<JsonDocument> ReportAsync() => JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder, "report.json")));

    /// <summary>Ctrl-C must come after the case was recorded: /getCaseStatus answers once it is.</summary>
    private static async Task WaitForCaseAsync(Uri server, string agent, CancellationToken token)
    {
        using var client = new System.Net.WebSockets.ClientWebSocket();
        await client.ConnectAsync(new Uri(server, $"getCaseStatus?case=1&agent={agent}"), token);
        var buffer = new byte[1024];
        while ((await client.ReceiveAsync(buffer, token)).MessageType != System.Net.WebSockets.WebSocketMessageType.Close)
        {
            // The status message, then the server's Close.
        }
    }
}
