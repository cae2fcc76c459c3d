using System.Buffers;
using System.Net.Sockets;

namespace WsConformance.Engine.Session;

/// <summary>Reading from TCP and handing the bytes to the core.</summary>
public sealed partial class CaseSession
{
    private const int ReceiveBufferSize = 64 * 1024;

    /// <summary>At most this many waits of <see cref="CatchUpWait"/> for the receive loop to read what arrived (see <see cref="CatchUpWithReceivedAsync"/>).</summary>
    private const int CatchUpWaits = 20;

    private static readonly TimeSpan CatchUpWait = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Waits, briefly, until what the peer has sent so far is read and processed. On a busy machine a timer of the
    /// harness can run out while the peer's answer, sent in time, still waits unread in the socket: that answer came
    /// before the timer, and must be recorded before the timer's outcome is.
    /// </summary>
    public async Task CatchUpWithReceivedAsync(CancellationToken cancellationToken)
    {
        for (var wait = 0; wait < CatchUpWaits && State != ConnectionState.Closed && HasUnreadInput(); wait++)
        {
            await Task.Delay(CatchUpWait, TimeProvider, cancellationToken);
        }
    }

    /// <summary>Bytes or the end of the stream wait in the transport for the receive loop.</summary>
    private bool HasUnreadInput() => _connection.End.HasUnreadInput();

    private async Task ReceiveLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        try
        {
            var leftover = _connection.LeftoverBytes;
            leftover.Span.CopyTo(buffer);
            var filled = Receive(buffer, leftover.Length, arrived: 0);
            while (true)
            {
                var read = await _connection.Stream.ReadAsync(buffer.AsMemory(filled), _lifetime.Token);
                if (read == 0)
                {
                    OnTcpEnded(null);
                    return;
                }

                MarkAnswered();
                filled = Receive(buffer, filled + read, read);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            OnTcpEnded(State == ConnectionState.Closed ? null : e.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);

            // The receive loop alone decodes, so it releases the decoder (zlib state must not be freed mid-call).
            _core.Dispose();
        }
    }

    /// <summary>Hands the core what is buffered; returns how many bytes it left (an incomplete header), moved to the front.</summary>
    private int Receive(byte[] buffer, int length, int arrived)
    {
        int consumed;
        lock (_gate)
        {
            consumed = _core.Receive(buffer.AsSpan(0, length), arrived, Now);
            CarryOutLocked();
        }

        var remaining = length - consumed;
        buffer.AsSpan(consumed, remaining).CopyTo(buffer);
        return remaining;
    }

    private void OnTcpEnded(string? error)
    {
        Act(core => core.TcpEnded(error, Now));
        _closed.TrySetResult();
    }
}
