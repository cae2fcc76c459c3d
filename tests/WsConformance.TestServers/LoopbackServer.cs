using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace WsConformance.TestServers;

/// <summary>Handles one accepted TCP connection; returning (or throwing) drops the connection.</summary>
/// <param name="socket">The accepted socket (Nagle off); the server closes it after the handler ends.</param>
/// <param name="stream">A stream over <paramref name="socket"/>.</param>
/// <param name="stopping">Cancelled when the server is disposed.</param>
public delegate Task ConnectionHandler(Socket socket, NetworkStream stream, CancellationToken stopping);

/// <summary>
/// A raw TCP server on 127.0.0.1 with an ephemeral port. Every connection runs its handler on its own task;
/// disposing stops accepting, closes every connection and waits for every handler to end.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly ConnectionHandler _handler;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();
    private readonly ConcurrentQueue<Exception> _faults = new();
    private readonly Task _acceptLoop;
    private int _accepted;

    private LoopbackServer(ConnectionHandler handler)
    {
        _handler = handler;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The port the listener is bound to.</summary>
    public int Port { get; }

    /// <summary>ws://127.0.0.1:PORT/.</summary>
    public Uri Uri => new($"ws://127.0.0.1:{Port}/");

    /// <summary>
    /// Exceptions handlers threw other than the expected ones of a vanished peer or of disposal (I/O errors,
    /// cancellation): a non-empty list means a test server has a bug.
    /// </summary>
    public IReadOnlyCollection<Exception> Faults => _faults;

    /// <summary>Number of connections accepted so far.</summary>
    public int AcceptedConnections => Volatile.Read(ref _accepted);

    /// <summary>Starts listening at once; each accepted connection is passed to <paramref name="handler"/>.</summary>
    public static LoopbackServer Start(ConnectionHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new LoopbackServer(handler);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        foreach (var socket in _connections.Keys)
        {
            socket.Dispose();
        }

        await Task.WhenAll(_connections.Values);
        _stopping.Dispose();
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
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            socket.NoDelay = true;
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var connection = Task.Run(async () =>
            {
                await started.Task;
                await HandleAsync(socket);
            });
            _connections[socket] = connection;
            started.SetResult();
        }
    }

    private async Task HandleAsync(Socket socket)
    {
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await _handler(socket, stream, _stopping.Token);
        }
        catch (Exception e) when (IsExpected(e))
        {
            // The peer vanished or the server is stopping: dropping the connection is all there is to do.
        }
        catch (Exception e)
        {
            _faults.Enqueue(e);
        }
        finally
        {
            socket.Dispose();
            _connections.TryRemove(socket, out _);
        }
    }

    private static bool IsExpected(Exception e) =>
        e is IOException or SocketException or OperationCanceledException or ObjectDisposedException;
}
