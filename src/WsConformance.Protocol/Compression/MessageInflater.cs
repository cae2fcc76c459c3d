namespace WsConformance.Protocol.Compression;

/// <summary>How feeding compressed bytes to a <see cref="MessageInflater"/> went.</summary>
public enum InflateStatus
{
    /// <summary>Everything fed so far inflated cleanly.</summary>
    Ok,

    /// <summary>The bytes are not valid DEFLATE data (or refer back before the start of the data inflated).</summary>
    CorruptData,

    /// <summary>The message inflates to more than the caller's limit; inflation stopped there (a decompression bomb guard).</summary>
    TooLarge,
}

/// <summary>Receives inflated bytes; the span is only valid during the call.</summary>
public delegate void InflatedDataHandler(ReadOnlySpan<byte> data);

/// <summary>
/// Decompresses messages per RFC 7692 §7.2.2: the payloads of a message's frames are inflated in order, then the
/// 0x00 0x00 0xff 0xff tail the sender removed is appended. Output is handed out in chunks and counted, so a
/// message that inflates beyond a limit is stopped early instead of being held in memory.
/// Once corrupt data or an exceeded limit was reported, the inflater keeps reporting it.
/// </summary>
/// <remarks>
/// It always keeps the largest window (32 KiB), whatever window the sender agreed to use. zlib checks a back-reference
/// against its window plus what the current call has written, so with the agreed window a reference reaching too far
/// back was caught or not depending on how the bytes arrived (found by the inflate fuzz target,
/// fuzz/findings/inflate-window-check-depends-on-chunking.bin): a verdict must not depend on TCP segmentation. A larger
/// window never changes what a valid message inflates to; a sender exceeding its agreed window goes undetected.
/// </remarks>
public sealed unsafe class MessageInflater : IDisposable
{
    private const int OutputChunk = 16 * 1024;

    private readonly ZStreamHandle _stream;
    private readonly bool _noContextTakeover;
    private readonly byte[] _output = new byte[OutputChunk];
    private InflateStatus _failure = InflateStatus.Ok;

    /// <param name="noContextTakeover">The sender resets its window per message, so the inflater does too.</param>
    public MessageInflater(bool noContextTakeover = false)
    {
        _noContextTakeover = noContextTakeover;
        _stream = ZStreamHandle.CreateInflate(MessageDeflater.MaxWindowBits);
    }

    /// <summary>Inflated bytes of the current message so far.</summary>
    public long MessageLength { get; private set; }

    /// <summary>zlib's account of the corrupt data, when <see cref="InflateStatus.CorruptData"/> was reported.</summary>
    public string? FailureDetail { get; private set; }

    /// <summary>Inflates one piece of the current message's compressed payload.</summary>
    /// <param name="maxMessageLength">The most inflated bytes the whole message may have.</param>
    public InflateStatus Inflate(ReadOnlySpan<byte> compressed, long maxMessageLength, InflatedDataHandler sink)
    {
        ObjectDisposedException.ThrowIf(_stream.IsClosed, this);
        return _failure != InflateStatus.Ok ? _failure : Run(compressed, maxMessageLength, sink);
    }

    /// <summary>Ends the current message: inflates the appended tail, then starts the next message's count.</summary>
    public InflateStatus EndMessage(long maxMessageLength, InflatedDataHandler sink)
    {
        var status = Inflate(DeflateTail.Bytes, maxMessageLength, sink);
        MessageLength = 0;
        if (status == InflateStatus.Ok && _noContextTakeover)
        {
            _ = ZlibNative.InflateReset(_stream.Stream);
        }

        return status;
    }

    public void Dispose() => _stream.Dispose();

    private InflateStatus Run(ReadOnlySpan<byte> compressed, long maxMessageLength, InflatedDataHandler sink)
    {
        var stream = _stream.Stream;
        fixed (byte* input = compressed)
        fixed (byte* output = _output)
        {
            stream->NextIn = input;
            stream->AvailIn = (uint)compressed.Length;
            try
            {
                while (true)
                {
                    stream->NextOut = output;
                    stream->AvailOut = OutputChunk;
                    var code = ZlibNative.Inflate(stream, ZlibNative.NoFlush);
                    var produced = OutputChunk - (int)stream->AvailOut;
                    if (MessageLength + produced > maxMessageLength)
                    {
                        return Fail(InflateStatus.TooLarge, $"the message inflates to more than {maxMessageLength} bytes");
                    }

                    MessageLength += produced;
                    if (produced > 0)
                    {
                        sink(_output.AsSpan(0, produced));
                    }

                    if (code == ZlibNative.StreamEnd)
                    {
                        // A block with BFINAL set ends the DEFLATE stream (RFC 7692 §7.2.3.4); what follows starts a new one.
                        _ = ZlibNative.InflateReset(stream);
                    }
                    else if (code == ZlibNative.NeedDictionary || (code < 0 && code != ZlibNative.BufferError))
                    {
                        return Fail(InflateStatus.CorruptData, ZlibNative.Describe(stream, code));
                    }

                    var outputPending = stream->AvailOut == 0;
                    if ((stream->AvailIn == 0 && !outputPending) || (code == ZlibNative.BufferError && produced == 0))
                    {
                        return InflateStatus.Ok;
                    }
                }
            }
            finally
            {
                stream->NextIn = null;
                stream->NextOut = null;
                stream->AvailIn = 0;
            }
        }
    }

    private InflateStatus Fail(InflateStatus status, string detail)
    {
        _failure = status;
        FailureDetail = detail;
        return status;
    }
}
