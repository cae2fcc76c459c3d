using System.Buffers;
using WsConformance.Protocol;
using WsConformance.Protocol.Compression;
using static WsConformance.Fuzzing.Targets.SystemWebSocketTargets;

namespace WsConformance.Fuzzing.Targets;

/// <summary>
/// Our codec as a server receiving a client's frames under a negotiated permessage-deflate: FrameDecoder +
/// FrameValidator (RSV1 negotiated), RFC 7692 §6's rule on RSV1, MessageInflater for compressed messages and
/// UTF-8 of inflated text — what the engine's receiver does, reduced to the messages it would deliver.
/// </summary>
internal sealed class InflatingReceiver : IDisposable
{
    /// <summary>Inflated size limit: above what a target input (at most 4 KiB, ratio ≤ 1032) can inflate to.</summary>
    private const long MaxMessageBytes = 1 << 24;

    private readonly FrameDecoder _decoder = new();
    private readonly FrameValidator _validator = new(new ValidationOptions(Role.Client, DeflateAgreement.Rsv));
    private readonly MessageInflater _inflater;
    private readonly InflatedDataHandler _onInflated;
    private readonly List<DeliveredMessage> _messages;
    private DeliveredMessage.Builder _message;
    private Utf8StreamValidator _inflatedText;
    private FrameHeader _frame;
    private bool _messageText;
    private bool _messageCompressed;
    private string? _error;
    private Failure _failure;
    private bool _closed;

    private InflatingReceiver(bool noContextTakeover, List<DeliveredMessage> messages)
    {
        _inflater = new MessageInflater(noContextTakeover);
        _messages = messages;
        _onInflated = Deliver;
    }

    /// <summary>
    /// Receives <paramref name="frames"/> until a Close, an error or their end, adding each message delivered whole
    /// to <paramref name="messages"/>.
    /// </summary>
    public static ReceiverOutcome Receive(ReadOnlySpan<byte> frames, bool noContextTakeover, List<DeliveredMessage> messages)
    {
        using var receiver = new InflatingReceiver(noContextTakeover, messages);
        // The decoder unmasks in place, so it works on a pooled copy.
        byte[] copy = ArrayPool<byte>.Shared.Rent(frames.Length);
        try
        {
            frames.CopyTo(copy);
            int consumed = receiver.Run(copy.AsSpan(0, frames.Length));
            bool endedInsideFrame = receiver._decoder.CurrentFrame is not null || consumed < frames.Length;
            (Verdict verdict, string detail) = receiver._error is { } error ? (Verdict.Invalid, error)
                : receiver._closed ? (Verdict.Closed, "close")
                : (Verdict.Incomplete, "the input ended");
            return new ReceiverOutcome(verdict, detail, endedInsideFrame, receiver._failure);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    public void Dispose() => _inflater.Dispose();

    /// <summary>Decodes until the bytes end or the connection would be failed or closed; returns the bytes used.</summary>
    private int Run(Span<byte> input)
    {
        int used = 0;
        while (_error is null && !_closed)
        {
            DecodeStatus status = _decoder.Decode(input[used..], out int consumed, out FrameHeader header, out Span<byte> payload, out bool end);
            used += consumed;
            if (status == DecodeStatus.NeedMoreData)
            {
                break;
            }

            if (status == DecodeStatus.FrameStarted)
            {
                OnHeader(header);
            }
            else
            {
                OnPayload(payload, end);
            }
        }

        return used;
    }

    private void OnHeader(in FrameHeader header)
    {
        _frame = header;
        Check(_validator.OnHeader(header));
        if (_error is null && header.Rsv1 && (header.IsControl || header.Opcode == Opcodes.Continuation))
        {
            // "An endpoint MUST NOT set the "Per-Message Compressed" bit of control frames and non-first fragments of
            // a data message. An endpoint receiving such a frame MUST _Fail the WebSocket Connection_." (RFC 7692 §6)
            Fail($"RSV1 on a {Opcodes.Name(header.Opcode)} frame (RFC 7692 §6)", header.IsControl ? Failure.CompressedControl : Failure.CompressedContinuation);
        }
        else if (!header.IsControl && header.Opcode != Opcodes.Continuation)
        {
            _messageText = header.Opcode == Opcodes.Text;
            _messageCompressed = header.Rsv1;
            _inflatedText.Reset();
        }
    }

    private void OnPayload(ReadOnlySpan<byte> chunk, bool endOfFrame)
    {
        Check(_validator.OnPayload(chunk, endOfFrame));
        if (_error is not null || _frame.IsControl)
        {
            _closed = _error is null && endOfFrame && _frame.Opcode == Opcodes.Close;
            return;
        }

        if (!_messageCompressed)
        {
            Deliver(chunk);
        }
        else if (Inflated(_inflater.Inflate(chunk, MaxMessageBytes, _onInflated)) && endOfFrame && _frame.Fin
            && Inflated(_inflater.EndMessage(MaxMessageBytes, _onInflated)) && _messageText && _inflatedText.State != Utf8State.Valid)
        {
            Fail("the inflated text ends inside a code point (RFC 6455 §8.1)", Failure.InvalidText);
        }

        if (_error is null && endOfFrame && _frame.Fin)
        {
            _messages.Add(_message.End(_messageText));
        }
    }

    /// <summary>Message bytes as the application gets them (inflated ones for a compressed message).</summary>
    private void Deliver(ReadOnlySpan<byte> bytes)
    {
        _message.Append(bytes);
        if (_messageCompressed && _messageText && _inflatedText.Feed(bytes) == Utf8State.Invalid)
        {
            Fail("the inflated text is not UTF-8 (RFC 6455 §8.1)", Failure.InvalidText);
        }
    }

    /// <summary>False, with the error noted, when inflating failed.</summary>
    private bool Inflated(InflateStatus status)
    {
        if (status != InflateStatus.Ok)
        {
            Fail($"{status}: {_inflater.FailureDetail} (RFC 7692 §7.2.2)", Failure.Inflation);
        }

        return _error is null;
    }

    private void Check(IReadOnlyList<Violation> violations)
    {
        foreach (Violation violation in violations)
        {
            if (violation.Severity == ViolationSeverity.Error)
            {
                Fail($"{violation.Code} (RFC 6455 §{violation.RfcSection})", violation.Code == ViolationCode.InvalidTextUtf8 ? Failure.InvalidText : Failure.Frame);
            }
        }
    }

    /// <summary>Notes the first reason to fail the connection.</summary>
    private void Fail(string detail, Failure failure)
    {
        if (_error is null)
        {
            (_error, _failure) = (detail, failure);
        }
    }
}

/// <summary>How <see cref="InflatingReceiver"/> ended.</summary>
/// <param name="Detail">Why, for a finding's message.</param>
/// <param name="EndedInsideFrame">The bytes ended inside a frame (part of a header or of a payload).</param>
/// <param name="Failure">Why the connection failed, when it did.</param>
internal readonly record struct ReceiverOutcome(Verdict Verdict, string Detail, bool EndedInsideFrame, Failure Failure);

/// <summary>Which rule made <see cref="InflatingReceiver"/> fail the connection.</summary>
internal enum Failure
{
    /// <summary>It did not fail.</summary>
    None,

    /// <summary>An RFC 6455 frame rule (FrameValidator), other than UTF-8.</summary>
    Frame,

    /// <summary>A text message, inflated or not, is not UTF-8 (RFC 6455 §8.1).</summary>
    InvalidText,

    /// <summary>RSV1 on a control frame (RFC 7692 §6).</summary>
    CompressedControl,

    /// <summary>RSV1 on a continuation frame (RFC 7692 §6).</summary>
    CompressedContinuation,

    /// <summary>A compressed message does not inflate (RFC 7692 §7.2.2).</summary>
    Inflation,
}
