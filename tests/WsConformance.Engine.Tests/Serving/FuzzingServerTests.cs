using System.Diagnostics;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using WsConformance.Cases.Model;
using WsConformance.Engine.Serving;
using WsConformance.Engine.Tests.BrokenServers;
using WsConformance.TestServers;

namespace WsConformance.Engine.Tests.Serving;

/// <summary>Autobahn's fuzzing-server protocol, and clients that misbehave without stalling the server.</summary>
[Collection(BrokenServerCollection.Name)]
public sealed class FuzzingServerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task GetCaseCount_answers_the_number_of_served_cases()
    {
        var cases = ServeRun.Select("1.1.*", "2.1");
        await using var server = ServeRun.Start(cases);

        Assert.Equal(cases.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), await ReceiveTextAsync(new Uri(server.Url, "getCaseCount")));
    }

    [Fact]
    public async Task GetCaseInfo_gives_the_id_and_description_of_case_n()
    {
        var cases = ServeRun.Select("1.1.*", "2.1");
        await using var server = ServeRun.Start(cases);

        using var info = JsonDocument.Parse(await ReceiveTextAsync(new Uri(server.Url, "getCaseInfo?case=2")));

        Assert.Equal(cases[1].AutobahnId, info.RootElement.GetProperty("id").GetString());
        Assert.Equal(cases[1].Title, info.RootElement.GetProperty("description").GetString());
    }

    [Fact]
    public async Task RunCase_by_number_and_by_tuple_record_results_that_getCaseStatus_reports()
    {
        var cases = ServeRun.Select("1.1.1", "1.1.2");
        await using var server = ServeRun.Start(cases);
        using var timeout = new CancellationTokenSource(Bound);

        await CodecEchoClient.RunAsync(new Uri(server.Url, "runCase?case=1&agent=a"), EchoBehaviour.Correct, timeout.Token);
        await CodecEchoClient.RunAsync(new Uri(server.Url, "runCase?casetuple=1.1.2&agent=a"), EchoBehaviour.Correct, timeout.Token);

        foreach (var number in new[] { 1, 2 })
        {
            using var status = JsonDocument.Parse(await ReceiveTextAsync(new Uri(server.Url, $"getCaseStatus?case={number}&agent=a")));
            Assert.Equal("OK", status.RootElement.GetProperty("behavior").GetString());
        }

        Assert.Equal(2, server.Results.Count);
    }

    [Fact]
    public async Task Unknown_paths_and_cases_are_refused_with_404()
    {
        await using var server = ServeRun.Start(ServeRun.Select("1.1.1"));

        foreach (var path in new[] { "nowhere", "runCase?case=2&agent=a", "runCase?case=x&agent=a", "getCaseInfo?casetuple=99.9" })
        {
            using var client = new ClientWebSocket();
            var refused = await Assert.ThrowsAsync<WebSocketException>(() => client.ConnectAsync(new Uri(server.Url, path), CancellationToken.None));
            Assert.Contains("404", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UpdateReports_writes_the_reports_and_shutdownOnComplete_stops_the_server()
    {
        var updates = 0;
        await using var server = ServeRun.Start(ServeRun.Select("1.1.1"), updateReports: _ =>
        {
            Interlocked.Increment(ref updates);
            return Task.CompletedTask;
        });

        await ReceiveTextAsync(new Uri(server.Url, "updateReports?agent=a"), expectMessage: false);
        Assert.Equal(1, updates);
        Assert.False(server.Stopped.IsCompleted);

        await ReceiveTextAsync(new Uri(server.Url, "updateReports?agent=a&shutdownOnComplete=true"), expectMessage: false);
        Assert.Equal(ServeStopReason.Requested, await server.Stopped.WaitAsync(Bound));
        Assert.Equal(2, updates);
    }

    [Fact]
    public async Task A_client_that_never_comes_back_ends_the_run_after_the_idle_timeout()
    {
        await using var server = ServeRun.Start(ServeRun.Select("1.1.1"), idleTimeout: TimeSpan.FromSeconds(1));

        await ReceiveTextAsync(new Uri(server.Url, "getCaseCount"));

        Assert.Equal(ServeStopReason.Idle, await server.Stopped.WaitAsync(Bound));
        Assert.Equal(0, server.Results.Count);
    }

    [Fact]
    public async Task A_client_that_connects_and_says_nothing_is_dropped()
    {
        await using var server = ServeRun.Start(ServeRun.Select("1.1.1"));
        using var socket = await ConnectAsync(server);

        // The request timeout is 2 s (ServeRun): the server closes the silent connection.
        var buffer = new byte[16];
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(Bound);

        Assert.Equal(0, read);
    }

    [Fact]
    public async Task A_client_that_hangs_after_the_handshake_is_judged_within_the_case_deadline()
    {
        var cases = ServeRun.Select("1.1.1");
        await using var server = ServeRun.Start(cases);
        using var socket = await ConnectAsync(server);
        var clock = Stopwatch.StartNew();

        // A correct request, then nothing: no echo, no Close reply, no reading.
        await socket.SendAsync(Protocol.Handshake.HandshakeRequest.CreateDefault(ServeRun.CaseUrl(server, cases[0])).ToBytes(), SocketFlags.None);
        var result = await server.Results.WaitForAsync(ServeRun.Agent, "1.1.1", CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(Verdict.Failed, result.Behavior);
        Assert.True(clock.Elapsed < Bound, $"judged after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_flooding_client_is_failed_and_bounded()
    {
        var cases = ServeRun.Select("1.1.1");
        await using var server = ServeRun.Start(cases);
        using var client = new ClientWebSocket();
        await client.ConnectAsync(ServeRun.CaseUrl(server, cases[0]), CancellationToken.None);
        var ping = new byte[8];

        // Messages as fast as the socket takes them, until the server gives up on this client.
        var judged = server.Results.WaitForAsync(ServeRun.Agent, "1.1.1", CancellationToken.None);
        while (!judged.IsCompleted && client.State == WebSocketState.Open)
        {
            try
            {
                await client.SendAsync(ping, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).WaitAsync(Bound);
            }
            catch (WebSocketException)
            {
                break;
            }
        }

        var result = await judged.WaitAsync(Bound);
        Assert.Equal(Verdict.Failed, result.Behavior);
    }

    private static async Task<Socket> ConnectAsync(FuzzingServer server)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.Url.Host, server.Url.Port);
        return socket;
    }

    /// <summary>Opens a control connection with ClientWebSocket and returns its one text message (or "" when none is expected).</summary>
    internal static async Task<string> ReceiveTextAsync(Uri url, bool expectMessage = true)
    {
        using var timeout = new CancellationTokenSource(Bound);
        using var client = new ClientWebSocket();
        await client.ConnectAsync(url, timeout.Token);
        var text = new StringBuilder();
        var buffer = new byte[4096];
        while (true)
        {
            var received = await client.ReceiveAsync(buffer, timeout.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                Assert.Equal(expectMessage, text.Length > 0);
                return text.ToString();
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
        }
    }
}
