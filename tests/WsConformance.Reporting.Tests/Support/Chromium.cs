using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace WsConformance.Reporting.Tests.Support;

/// <summary>
/// Headless Chromium (Debian's package, installed by .ci/run) driven over the DevTools protocol with a plain
/// ClientWebSocket: load a page, evaluate JavaScript, and collect every console error, uncaught exception and
/// browser log error (CSP violations included). Stopped, with its process tree, on dispose.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly TempDirectory _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly Dictionary<int, TaskCompletionSource<JsonNode>> _pending = [];
    private readonly Channel<JsonNode> _events = Channel.CreateUnbounded<JsonNode>();
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    private Chromium(Process process, TempDirectory profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Console errors, exceptions and error log entries seen so far.</summary>
    public List<string> Errors { get; } = [];

    public static async Task<Chromium> StartAsync()
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: the browser tests need Debian's chromium package (apt-get install -y chromium; .ci/run installs it).");
        var profile = new TempDirectory();
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,2000",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--user-data-dir={profile.Path}", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var browser = new Chromium(process, profile);
        try
        {
            await browser.AttachAsync();
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    private async Task AttachAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        string? endpoint = null;
        while (endpoint is null && await _process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            const string Marker = "DevTools listening on ";
            var at = line.IndexOf(Marker, StringComparison.Ordinal);
            endpoint = at >= 0 ? line[(at + Marker.Length)..].Trim() : null;
        }

        Assert.False(endpoint is null, "chromium exited without opening its DevTools endpoint");
        _ = DrainAsync(_process.StandardError);
        _ = DrainAsync(_process.StandardOutput);
        var browserUri = new Uri(endpoint);
        using var http = new HttpClient { Timeout = Timeout };
        var targets = JsonNode.Parse(await http.GetStringAsync(new Uri(browserUri, "/json/list").ToString().Replace("ws://", "http://", StringComparison.Ordinal), timeout.Token))!.AsArray();
        var page = targets.First(t => (string?)t!["type"] == "page")!;
        await _socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), timeout.Token);
        _receiving = ReceiveAsync();
        foreach (var domain in new[] { "Runtime.enable", "Log.enable", "Page.enable" })
        {
            await SendAsync(domain);
        }
    }

    /// <summary>Opens <paramref name="file"/> and waits until the page's script has run (or failed).</summary>
    public async Task LoadAsync(string file)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(Path.GetFullPath(file)).AbsoluteUri });
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            var message = await _events.Reader.ReadAsync(timeout.Token);
            if ((string?)message["method"] == "Page.loadEventFired")
            {
                return;
            }
        }
    }

    /// <summary>Evaluates an expression in the page and returns its value (JSON-serialisable results only).</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        Assert.True(result["exceptionDetails"] is null, $"evaluating failed: {result["exceptionDetails"]?.ToJsonString()}");
        return result["result"]!["value"];
    }

    /// <summary>Writes a PNG of the current page.</summary>
    public async Task ScreenshotAsync(string path)
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        await File.WriteAllBytesAsync(path, Convert.FromBase64String((string)result["data"]!));
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending)
        {
            _pending[id] = reply;
        }

        var command = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(command.ToJsonString()), WebSocketMessageType.Text, true, _stop.Token);
        var answer = await reply.Task.WaitAsync(Timeout);
        Assert.True(answer["error"] is null, $"{method}: {answer["error"]?.ToJsonString()}");
        return answer["result"]!;
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, received.Count);
                if (received.EndOfMessage)
                {
                    Dispatch(JsonNode.Parse(message.ToArray())!);
                    message.SetLength(0);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Disposing, or the browser went away.
        }
    }

    private void Dispatch(JsonNode message)
    {
        if (message["id"] is { } id)
        {
            TaskCompletionSource<JsonNode>? reply;
            lock (_pending)
            {
                _pending.Remove((int)id, out reply);
            }

            reply?.TrySetResult(message);
            return;
        }

        var parameters = message["params"];
        var method = (string?)message["method"];
        var consoleType = method == "Runtime.consoleAPICalled" ? (string?)parameters?["type"] : null;
        var logLevel = method == "Log.entryAdded" ? (string?)parameters?["entry"]?["level"] : null;
        if (method == "Runtime.exceptionThrown")
        {
            Errors.Add("exception: " + parameters?["exceptionDetails"]?.ToJsonString());
        }
        else if (consoleType is "error" or "assert")
        {
            Errors.Add("console: " + parameters?["args"]?.ToJsonString());
        }
        else if (logLevel == "error")
        {
            Errors.Add("log: " + parameters?["entry"]?["text"]);
        }

        _events.Writer.TryWrite(message);
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        try
        {
            while (await reader.ReadLineAsync() is not null)
            {
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Abort();
        await _receiving;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _socket.Dispose();
        _stop.Dispose();
        _profile.Dispose();
    }
}
