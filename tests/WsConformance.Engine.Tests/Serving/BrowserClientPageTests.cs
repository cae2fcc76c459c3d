using System.Net.Http.Headers;
using System.Text.Json;
using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Engine.Serving;
using WsConformance.Engine.Tests.BrokenServers;
using WsConformance.TestServers;

namespace WsConformance.Engine.Tests.Serving;

/// <summary>The page that makes a browser a client under test, and what the fuzzing server tells it per case.</summary>
[Collection(BrokenServerCollection.Name)]
public sealed class BrowserClientPageTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/client", "text/html")]
    [InlineData("/client.js", "text/javascript")]
    [InlineData("/client.css", "text/css")]
    public async Task Every_file_of_the_page_comes_with_a_strict_content_security_policy(string path, string mediaType)
    {
        await using var server = ServeRun.Start(ServeRun.Select("1.1.1"));
        using var http = new HttpClient { Timeout = Bound };

        using var response = await http.GetAsync(PageUrl(server, path));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(", ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.StartsWith("default-src 'none';", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("require-trusted-types-for 'script'", policy, StringComparison.Ordinal);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
    }

    [Fact]
    public async Task The_page_loads_nothing_from_elsewhere_and_never_turns_text_into_markup()
    {
        await using var server = ServeRun.Start(ServeRun.Select("1.1.1"));
        using var http = new HttpClient { Timeout = Bound };

        var files = await Task.WhenAll(new[] { "/client", "/client.js", "/client.css" }.Select(path => http.GetStringAsync(PageUrl(server, path))));

        var references = System.Text.RegularExpressions.Regex.Matches(files[0], "(?:src|href)=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["/client.css", "/client.js"], references);
        Assert.DoesNotContain("url(", files[2], StringComparison.Ordinal);
        Assert.DoesNotContain("@import", files[2], StringComparison.Ordinal);
        // The script's only addresses are the schemes it puts before the page's own host.
        Assert.DoesNotContain("://", files[1].Replace("'ws://'", "", StringComparison.Ordinal).Replace("'wss://'", "", StringComparison.Ordinal), StringComparison.Ordinal);
        foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function(", "setAttribute(" })
        {
            Assert.DoesNotContain(sink, files[1], StringComparison.Ordinal);
        }

        Assert.Contains("textContent", files[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_WebSocket_upgrade_to_the_page_path_is_not_the_page()
    {
        await using var server = ServeRun.Start(ServeRun.Select("1.1.1"));
        using var client = new System.Net.WebSockets.ClientWebSocket();

        var refused = await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => client.ConnectAsync(server.Url, CancellationToken.None));

        Assert.Contains("404", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCaseStatus_tells_the_page_the_case_its_verdicts_why_and_the_transport()
    {
        await using var server = ServeRun.Start(ServeRun.Select("3.1"));
        using var timeout = new CancellationTokenSource(Bound);
        await CodecEchoClient.RunAsync(new Uri(server.Url, "runCase?case=1&agent=a"), WsConformance.TestServers.BrokenServers.IgnoresReservedBits, timeout.Token);

        using var status = JsonDocument.Parse(await FuzzingServerTests.ReceiveTextAsync(new Uri(server.Url, "getCaseStatus?case=1&agent=a")));

        var root = status.RootElement;
        Assert.Equal("FAILED", root.GetProperty("behavior").GetString());
        Assert.Equal("3.1", root.GetProperty("id").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("behaviorClose").GetString()));
        Assert.Equal(server.Results.Snapshot(["3.1"])[0].Judgement.Result, root.GetProperty("result").GetString());
        Assert.Equal(Transports.Http11, root.GetProperty("transport").GetString());
    }

    private static Uri PageUrl(FuzzingServer server, string path) => new($"http://{server.Url.Host}:{server.Url.Port}{path}");
}
