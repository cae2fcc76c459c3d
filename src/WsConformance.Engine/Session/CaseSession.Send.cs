using System.Net.Sockets;
using WsConformance.Cases.Model;
using WsConformance.Engine.Observation;
using WsConformance.Protocol;

namespace WsConformance.Engine.Session;

/// <summary>Writing to TCP: frames through the reference encoder, in the segmentation a step asks for.</summary>
public sealed partial class CaseSession
{
    /// <summary>Frame-wise groups up to this size are written in one write (see <see cref="WriteTogetherAsync"/>).</summary>
    private const int TogetherLimit = 16 * 1024;

    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>Seeds the masking keys so a run can be replayed byte for byte.</summary>
    public void SeedMaskKeys(int seed) => Act(core => core.SeedMaskKeys(seed));

    /// <summary>A fresh random masking key (RFC 6455 §5.3: unpredictable per frame).</summary>
    public uint NextMaskKey() => Read(core => core.NextMaskKey());

    /// <summary>Encodes one frame, logs it, and writes it.</summary>
    public Task SendFrameAsync(FrameSpec spec, Transmission transmission)
    {
        LogSentFrame(spec, transmission);
        return SendAsync(FrameEncoder.Encode(spec), transmission);
    }

    /// <summary>Logs a frame the harness sends (its payload unmasked, cut to the log's limit).</summary>
    public void LogSentFrame(in FrameSpec spec, Transmission transmission)
    {
        Statistics.CountFrame(WireDirection.Sent, spec.Opcode);
        Interlocked.Increment(ref _framesToAnswer);
        WireLog.Add(new FrameEntry(Now, WireDirection.Sent, spec.Fin, spec.Rsv, spec.Opcode, spec.Masked, spec.MaskKey,
            spec.DeclaredLength ?? (ulong)spec.Payload.Length, WireLog.Head(spec.Payload.Span), transmission.ChopSize, transmission.FrameWise));
    }

    /// <summary>
    /// Writes bytes with the requested segmentation: one write, or pieces of <see cref="Transmission.ChopSize"/>
    /// octets with a scheduler yield (or <see cref="Transmission.ChopDelay"/>) between them, as Autobahn's chopped
    /// writes do, and <see cref="SessionOptions.ChoppedFrameGap"/> after the last piece. Writes never interleave.
    /// A write after TCP is gone is dropped silently (the log shows why).
    /// </summary>
    public async Task SendAsync(ReadOnlyMemory<byte> bytes, Transmission transmission)
    {
        await _writeLock.WaitAsync();
        try
        {
            var pieceSize = transmission.ChopSize is > 0 ? transmission.ChopSize.Value : Math.Max(1, bytes.Length);
            var paced = transmission.ChopSize is > 0;
            var offset = 0;
            do
            {
                var piece = bytes.Slice(offset, Math.Min(pieceSize, bytes.Length - offset));
                if (!await TryWriteAsync(piece))
                {
                    return;
                }

                offset += piece.Length;
                if (paced)
                {
                    await PauseBetweenPiecesAsync(transmission.ChopDelay);
                }
            }
            while (offset < bytes.Length);

            if (transmission.ChopSize is > 0 && _options.ChoppedFrameGap is { } gap)
            {
                await Task.Delay(gap, _clock.Time);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Writes each buffer with its own write, back to back, holding the write lock throughout.</summary>
    public async Task SendEachAsync(IReadOnlyList<ReadOnlyMemory<byte>> buffers)
    {
        await _writeLock.WaitAsync();
        try
        {
            if (buffers.Sum(buffer => buffer.Length) <= TogetherLimit)
            {
                await WriteTogetherAsync(buffers);
                return;
            }

            foreach (var buffer in buffers)
            {
                if (!await TryWriteAsync(buffer))
                {
                    return;
                }
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task PauseBetweenPiecesAsync(TimeSpan? delay)
    {
        if (delay is { } pause && pause > TimeSpan.Zero)
        {
            await Task.Delay(pause, _clock.Time);
        }
        else
        {
            await Task.Yield();
        }
    }

    /// <summary>
    /// Small frame-wise groups go out in one write. Autobahn writes each frame on its own, one reactor iteration
    /// apart, and on loopback they reach the server together in practice (its run of websockets 10.4 gives 3.2 and
    /// 3.3 NON-STRICT: the server saw the bad frame before it echoed). Separate writes would let a busy machine's
    /// scheduler space them apart, or not, and so let the load decide these races (echo the first message, or fail
    /// on the second frame first); one write decides them the same way every time.
    /// </summary>
    private async Task WriteTogetherAsync(IReadOnlyList<ReadOnlyMemory<byte>> buffers)
    {
        var together = new byte[buffers.Sum(buffer => buffer.Length)];
        var offset = 0;
        foreach (var buffer in buffers)
        {
            buffer.Span.CopyTo(together.AsSpan(offset));
            offset += buffer.Length;
        }

        await TryWriteAsync(together);
    }

    private async Task<bool> TryWriteAsync(ReadOnlyMemory<byte> piece)
    {
        if (State == ConnectionState.Closed)
        {
            return false;
        }

        Interlocked.Increment(ref _writesInFlight);
        try
        {
            await WriteWatchedAsync(piece);
            await _connection.Stream.FlushAsync(_lifetime.Token);
            Statistics.CountOctets(WireDirection.Sent, piece.Length);
            Interlocked.Add(ref _bytesToAnswer, piece.Length);
            WireLog.Add(new OctetsEntry(Now, WireDirection.Sent, piece.Length, WireLog.Head(piece.Span)));
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Note($"write failed: {e.Message}");
            return false;
        }
        finally
        {
            Interlocked.Decrement(ref _writesInFlight);
            MarkProgress();
        }
    }

    /// <summary>
    /// One write; under the stall watchdog, in pieces of <see cref="WatchedWriteSize"/> so each piece the peer takes
    /// counts as progress (TCP carries the same bytes either way).
    /// </summary>
    private async Task WriteWatchedAsync(ReadOnlyMemory<byte> bytes)
    {
        if (_options.Stall is null || bytes.Length <= WatchedWriteSize)
        {
            await _connection.Stream.WriteAsync(bytes, _lifetime.Token);
            return;
        }

        for (var offset = 0; offset < bytes.Length; offset += WatchedWriteSize)
        {
            await _connection.Stream.WriteAsync(bytes.Slice(offset, Math.Min(WatchedWriteSize, bytes.Length - offset)), _lifetime.Token);
            MarkProgress();
        }
    }

    /// <summary>The key source for frames masked as the role requires: null (no mask) when the harness is the server.</summary>
    public Func<uint>? RoleMaskKeys => MasksByDefault ? NextMaskKey : null;
}
