using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Engine.Timing;
using WsConformance.Engine.Transport.Http2;

namespace WsConformance.Engine.Serving;

/// <summary>
/// A server that tests WebSocket clients and speaks Autobahn|Testsuite's fuzzing-server protocol, so client
/// drivers written for Autobahn work unchanged: <c>/getCaseCount</c>, <c>/runCase?case=N&amp;agent=A</c> (or
/// <c>casetuple=1.2.3</c>), <c>/getCaseInfo?case=N</c>, <c>/getCaseStatus?case=N&amp;agent=A</c>,
/// <c>/updateReports?agent=A[&amp;shutdownOnComplete=true]</c> and <c>/stopServer</c>; a plain GET of <c>/</c> or
/// <c>/client</c> loads a page that makes a browser the client (<see cref="BrowserClientPage"/>). Each connection is
/// independent, so a client may run cases concurrently; every case has its own deadline.
/// </summary>
public sealed class FuzzingServer : IAsyncDisposable
{
    private const string UnknownAgent = "UnknownClient";
    private static readonly TimeSpan IdleCheckInterval = TimeSpan.FromMilliseconds(200);

    private readonly TcpListener _listener;
    private readonly IReadOnlyList<CaseDefinition> _cases;
    private readonly ServeOptions _options;
    private readonly CompressedSliceCache _sliceCache;
    private readonly Func<CancellationToken, Task> _updateReports;
    private readonly Action<CaseResult>? _onCaseFinished;
    private readonly CancellationTokenSource _stopping;
    private readonly CancellationTokenRegistration _stopOnCancel;
    private readonly TaskCompletionSource<ServeStopReason> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<Task> _connections = [];
    private readonly WithheldConnectProtocol _withheld = new();
    private readonly Lock _gate = new();
    private long _lastActivity;

    /// <summary>
    /// Open HTTP/2 connections, and requests in flight on them. A browser keeps its HTTP/2 connection open while idle, so
    /// such a connection counts as activity only while a stream on it is served: the idle timeout still ends a run whose
    /// client stopped with its connection open.
    /// </summary>
    private int _http2Connections;
    private int _http2Streams;
    private Task _acceptLoop = Task.CompletedTask;
    private Task _idleWatch = Task.CompletedTask;

    private FuzzingServer(TcpListener listener, IReadOnlyList<CaseDefinition> cases, ServeOptions options,
        Func<CancellationToken, Task> updateReports, Action<CaseResult>? onCaseFinished, CancellationToken cancellationToken)
    {
        _listener = listener;
        _cases = cases;
        _options = options;
        _lastActivity = Time.GetTimestamp();
        // The served cases are known up front but not who runs them, in which order or how often: a client may
        // skip cases, repeat them, run them concurrently, and several agents may share the server. The cache
        // counts the usual driver, one pass over every case, and leans on its miscount guarantees for the rest:
        // a slice is found only under its own data set, size, index and compression variant, so no case ever
        // gets a wrong one; a case run again (or by a second agent) uses up counts meant for the first pass, so
        // some reader finds a slice released and compresses it itself, which costs CPU, not correctness; slices
        // of cases no client runs stay until the server goes, within the cache's byte budget.
        _sliceCache = new CompressedSliceCache(cases);
        _updateReports = updateReports;
        _onCaseFinished = onCaseFinished;
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Registered for the server's whole life, not the accept loop's: Ctrl-C must stop the server whatever the loop is doing.
        _stopOnCancel = _stopping.Token.Register(() => Stop(ServeStopReason.Cancelled));
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        Url = new Uri($"{(options.Certificate is null ? "ws" : "wss")}://{(endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString())}:{endpoint.Port}/");
    }

    private TimeProvider Time => _options.Run.TimeProvider;

    /// <summary>The address clients connect to.</summary>
    public Uri Url { get; }

    public ServeResults Results { get; } = new();

    /// <summary>The cases in the order <c>case=N</c> numbers them (1-based).</summary>
    public IReadOnlyList<CaseDefinition> Cases => _cases;

    /// <summary>Completes when the server stops, with why.</summary>
    public Task<ServeStopReason> Stopped => _stopped.Task;

    /// <param name="endpoint">Where to listen; port 0 picks a free one.</param>
    /// <param name="updateReports">Writes the reports (of <see cref="Results"/>); called on <c>/updateReports</c>.</param>
    /// <param name="onCaseFinished">Called after every case, e.g. for progress output.</param>
    public static FuzzingServer Start(IPEndPoint endpoint, IReadOnlyList<CaseDefinition> cases, ServeOptions options,
        Func<CancellationToken, Task> updateReports, Action<CaseResult>? onCaseFinished = null, CancellationToken cancellationToken = default)
    {
        var listener = new TcpListener(endpoint);
        listener.Start();
        var server = new FuzzingServer(listener, cases, options, updateReports, onCaseFinished, cancellationToken);
        server._acceptLoop = server.AcceptLoopAsync();
        server._idleWatch = server.WatchIdleAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        Stop(ServeStopReason.Cancelled);
        await _acceptLoop;
        await _idleWatch;
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _connections];
        }

        await Task.WhenAll(pending);
        await _stopOnCancel.DisposeAsync();
        _stopping.Dispose();
    }

    /// <summary>Stops serving (the first reason given wins); <see cref="Stopped"/> then completes.</summary>
    public void Stop(ServeStopReason reason)
    {
        if (_stopped.TrySetResult(reason))
        {
            Record(_withheld.SettleAtEnd());
            // Cancel first, so the accept loop reads the listener's failure as the stop it is.
            _stopping.Cancel();
            _listener.Stop();
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (SocketException) when (!_stopping.IsCancellationRequested)
            {
                // A client that reset its connection before it was accepted: the listener is fine, keep accepting.
                continue;
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Touch();
            var connection = HandleAsync(socket);
            lock (_gate)
            {
                _connections.Add(connection);
            }

            _ = connection.ContinueWith(done =>
            {
                lock (_gate)
                {
                    _connections.Remove(done);
                }

                Touch();
            }, TaskScheduler.Default);
        }
    }

    private async Task WatchIdleAsync()
    {
        if (_options.IdleTimeout is not { } idle)
        {
            return;
        }

        try
        {
            while (true)
            {
                await Task.Delay(IdleCheckInterval, Time, _stopping.Token);
                bool busy;
                lock (_gate)
                {
                    busy = _connections.Count > Volatile.Read(ref _http2Connections) || Volatile.Read(ref _http2Streams) > 0;
                }

                if (!busy && Time.GetElapsedTime(Interlocked.Read(ref _lastActivity)) > idle)
                {
                    Stop(ServeStopReason.Idle);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped for another reason.
        }
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivity, Time.GetTimestamp());

    /// <summary>
    /// Serves one TCP connection: one request, or several when a case refused the handshake with a non-101 answer
    /// and the client keeps the HTTP connection for its next request (see <see cref="RefusedHandshake"/>).
    /// </summary>
    private async Task HandleAsync(Socket socket)
    {
        await Task.Yield();
        var token = _stopping.Token;
        if (await IncomingConnection.OpenAsync(socket, _options, token) is not { } incoming)
        {
            return;
        }

        if (incoming.Http2)
        {
            await ServeHttp2Async(socket, incoming, token);
            return;
        }

        var client = await AcceptedClient.ReadAsync(socket, incoming.Stream, incoming.AlreadyRead, _options.RequestTimeout, Time, token);
        try
        {
            while (client is not null)
            {
                var next = await RouteAsync(client, token);
                if (next is not { } start)
                {
                    break;
                }

                Touch();
                client = await client.ReadNextAsync(start, _options.RequestTimeout, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The server is stopping; the connection goes with it.
        }
        finally
        {
            if (client is not null)
            {
                await client.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Serves an HTTP/2 connection (RFC 8441): every stream the client opens is one request, routed as an HTTP/1.1 one is,
    /// on a task of its own; the connection ends when the client closes it or the server stops.
    /// </summary>
    private async Task ServeHttp2Async(Socket socket, IncomingConnection incoming, CancellationToken token)
    {
        Interlocked.Increment(ref _http2Connections);
        try
        {
            var withhold = _withheld.TakeNextConnection();
            await using var connection = new Http2ServerConnection(socket, incoming.Stream, incoming.AlreadyRead, enableConnectProtocol: !withhold,
                (served, streamToken) => ServeStreamAsync(AcceptedClient.OverHttp2(served, incoming.Tls, Time), streamToken));
            if (withhold)
            {
                _withheld.Attach(connection);
            }

            await connection.RunAsync(token);
        }
        finally
        {
            Interlocked.Decrement(ref _http2Connections);
        }
    }

    private async Task ServeStreamAsync(AcceptedClient client, CancellationToken token)
    {
        Touch();
        Interlocked.Increment(ref _http2Streams);
        try
        {
            await using (client)
            {
                // A stream carries one request: a next one comes on a stream of its own, so nothing follows here.
                await RouteAsync(client, token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The server is stopping, or the client reset the stream or left: nothing left to answer.
        }
        finally
        {
            Interlocked.Decrement(ref _http2Streams);
            Touch();
        }
    }

    /// <summary>Answers one request; returns the start of the client's next request when the connection stays an HTTP one, else null.</summary>
    private async Task<ReadOnlyMemory<byte>?> RouteAsync(AcceptedClient client, CancellationToken token)
    {
        if (BrowserClientPage.Serves(client.Request))
        {
            await BrowserClientPage.SendAsync(client, token);
            return null;
        }

        if (client.Request.Path == "/runCase")
        {
            return await RunCaseAsync(client, token);
        }

        await AnswerControlAsync(client, token);
        return null;
    }

    private Task AnswerControlAsync(AcceptedClient client, CancellationToken token)
    {
        var query = client.Request.Query;
        return client.Request.Path switch
        {
            "/getCaseCount" => ControlReply.SendAsync(client, _cases.Count.ToString(CultureInfo.InvariantCulture), token),
            "/getCaseInfo" => SendCaseInfoAsync(client, token),
            "/getCaseStatus" => SendCaseStatusAsync(client, token),
            "/updateReports" => UpdateReportsAsync(client, query.GetValueOrDefault("shutdownOnComplete") == "true", token),
            "/stopServer" => StopServerAsync(client, token),
            _ => ControlReply.RefuseAsync(client, 404, "Not Found", "Unknown path. This server speaks Autobahn's fuzzing-server protocol: "
                + "/getCaseCount, /runCase?case=N&agent=A, /getCaseInfo?case=N, /getCaseStatus?case=N&agent=A, /updateReports?agent=A, /stopServer; "
                + "a browser tests itself by opening http://HOST:PORT/ (plain GET, no WebSocket).", token),
        };
    }

    private async Task<ReadOnlyMemory<byte>?> RunCaseAsync(AcceptedClient client, CancellationToken token)
    {
        if (FindCase(client.Request.Query) is not { } found)
        {
            await RefuseUnknownCaseAsync(client, token);
            return null;
        }

        var agent = Agent(client.Request.Query);
        Results.NoteAgent(agent);
        var (action, settled) = _withheld.OnCaseRequest(found.Definition, agent, client);
        Record(settled);
        switch (action)
        {
            case WithholdingAction.Refused:
                return null;
            case WithholdingAction.Decided:
                await ControlReply.SendAsync(client, null, token);
                return null;
        }

        var definition = action == WithholdingAction.ServeAsFallback ? found.Definition with { Transport = CaseTransport.Any } : found.Definition;
        var (result, next) = await ServedCaseRunner.RunAsync(definition, client, new Target(Url, agent), _options.Run, _sliceCache, token);
        if (action == WithholdingAction.ServeAsFallback)
        {
            result = WithheldConnectProtocol.AsFallback(result, found.Definition);
        }

        Record(agent, result);
        return next;
    }

    /// <summary>Records a case <see cref="WithheldConnectProtocol"/> settled without serving it.</summary>
    private void Record(WithholdingSettled? settled)
    {
        if (settled is not null)
        {
            Record(settled.Agent, ServedCaseRunner.Decided(settled.Definition, new Target(Url, settled.Agent), settled.Judgement, settled.Transport,
                settled.RequestText, Time));
        }
    }

    private void Record(string agent, CaseResult result)
    {
        Results.Record(agent, result);
        _onCaseFinished?.Invoke(result);
    }

    private async Task SendCaseInfoAsync(AcceptedClient client, CancellationToken token)
    {
        if (FindCase(client.Request.Query) is not { } found)
        {
            await RefuseUnknownCaseAsync(client, token);
            return;
        }

        var info = new Dictionary<string, string>
        {
            ["id"] = found.Definition.AutobahnId ?? found.Definition.Id,
            ["description"] = found.Definition.Title,
        };
        await ControlReply.SendAsync(client, JsonSerializer.Serialize(info), token);
    }

    /// <summary>
    /// Answers once the case has finished for that agent (it may still be running on another connection): Autobahn's
    /// <c>behavior</c>, plus what the browser page shows as verdicts come (<see cref="CaseStatus"/>).
    /// </summary>
    private async Task SendCaseStatusAsync(AcceptedClient client, CancellationToken token)
    {
        if (FindCase(client.Request.Query) is not { } found)
        {
            await RefuseUnknownCaseAsync(client, token);
            return;
        }

        using var bounded = new TimeLimit(CaseDeadline.For(found.Definition, _options.Run), Time, token);
        CaseStatus status;
        try
        {
            status = CaseStatus.Of(await Results.WaitForAsync(Agent(client.Request.Query), found.Definition.Id, bounded.Token));
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            // Never run within the case's own deadline: reported as missing, as Autobahn's report would.
            status = CaseStatus.Missing(found.Definition);
        }

        await ControlReply.SendAsync(client, JsonSerializer.Serialize(status, CaseStatus.JsonOptions), token);
    }

    private async Task UpdateReportsAsync(AcceptedClient client, bool shutdown, CancellationToken token)
    {
        if (client.Request.Query.TryGetValue("agent", out var agent) && agent.Length > 0)
        {
            Results.NoteAgent(agent);
        }

        Record(_withheld.SettleAtEnd());
        await _updateReports(token);
        await ControlReply.SendAsync(client, null, token);
        if (shutdown)
        {
            Stop(ServeStopReason.Requested);
        }
    }

    private async Task StopServerAsync(AcceptedClient client, CancellationToken token)
    {
        await ControlReply.SendAsync(client, null, token);
        Stop(ServeStopReason.Requested);
    }

    private Task RefuseUnknownCaseAsync(AcceptedClient client, CancellationToken token) =>
        ControlReply.RefuseAsync(client, 404, "Not Found",
            $"No such case: give case=N with N from 1 to {_cases.Count}, or casetuple=ID (e.g. casetuple=1.1.1).", token);

    /// <summary><c>case=N</c> (1-based position among the served cases) or <c>casetuple=ID</c>.</summary>
    private (CaseDefinition Definition, int Number)? FindCase(IReadOnlyDictionary<string, string> query)
    {
        if (query.TryGetValue("case", out var number) && int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n >= 1 && n <= _cases.Count)
        {
            return (_cases[n - 1], n);
        }

        if (query.TryGetValue("casetuple", out var id))
        {
            for (var index = 0; index < _cases.Count; index++)
            {
                if (_cases[index].Id == id || _cases[index].AutobahnId == id)
                {
                    return (_cases[index], index + 1);
                }
            }
        }

        return null;
    }

    private static string Agent(IReadOnlyDictionary<string, string> query) =>
        query.TryGetValue("agent", out var agent) && agent.Length > 0 ? agent : UnknownAgent;
}
