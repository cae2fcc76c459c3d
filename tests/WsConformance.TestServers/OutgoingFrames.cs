using System.Diagnostics;
using System.Net.Sockets;
using System.Threading.Channels;

namespace WsConformance.TestServers;

/// <summary>
/// The write side of an <see cref="EchoConnection"/>: frames go out in the order they were queued, each
/// delayed replies no earlier than the reply delay after it was queued, while reading goes on.
/// </summary>
internal sealed class OutgoingFrames
{
    private readonly Channel<(byte[] Bytes, long Due)> _queue = Channel.CreateUnbounded<(byte[], long)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Stream _stream;
    private readonly TimeSpan _replyDelay;
    private readonly CancellationToken _stopping;

    public OutgoingFrames(Stream stream, TimeSpan replyDelay, CancellationToken stopping)
    {
        _stream = stream;
        _replyDelay = replyDelay;
        _stopping = stopping;
    }

    /// <summary>Queues an encoded frame; a <paramref name="delayed"/> one leaves after the reply delay.</summary>
    public void Enqueue(byte[] frame, bool delayed)
    {
        var due = Stopwatch.GetTimestamp() + (delayed ? (long)(_replyDelay.TotalSeconds * Stopwatch.Frequency) : 0);
        _queue.Writer.TryWrite((frame, due));
    }

    /// <summary>Writes queued frames until <see cref="CompleteAsync"/>; stops early when the client has gone.</summary>
    public async Task RunAsync()
    {
        try
        {
            await foreach (var (bytes, due) in _queue.Reader.ReadAllAsync(_stopping))
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _stopping);
                }

                await _stream.WriteAsync(bytes, _stopping);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the server is stopping: nothing left to write to.
        }
    }

    /// <summary>No more frames; waits until every queued frame is written (or writing has stopped).</summary>
    public async Task CompleteAsync(Task writer)
    {
        _queue.Writer.TryComplete();
        await writer;
    }
}
