using System.Buffers;
using System.Security.Cryptography;
using WsConformance.Protocol;
using WsConformance.Protocol.Compression;

namespace WsConformance.Engine.Session;

/// <summary>
/// Turns the peer's bytes into frames, checks each against RFC 6455 through the reference validator, and
/// reassembles messages, inflating those compressed under a negotiated permessage-deflate (RFC 7692). A frame
/// that breaks a rule is not delivered; the session fails the connection.
/// </summary>
internal sealed class IncomingFrames : IDisposable
{
    private const int MaxControlPayload = 125;

    private readonly SessionCore _session;
    private readonly FrameDecoder _decoder = new();
    private readonly FrameValidator _validator;
    private readonly long _maxMessageBytes;
    private readonly bool _keepPayloads;
    private readonly bool _digestMessages;
    private readonly MessageInflater? _inflater;
    private readonly InflatedDataHandler _onInflated;
    private readonly ArrayBufferWriter<byte> _control = new(MaxControlPayload);
    private readonly ArrayBufferWriter<byte> _message = new();
    private readonly byte[] _frameHead = new byte[Observation.WireLog.MaxLoggedBytes];

    private FrameHeader _frame;
    private bool _frameRejected;
    private bool _messageRejected;
    private bool _messageCompressed;
    private byte _messageOpcode;
    private long _messageLength;
    private int _frameHeadLength;
    private IncrementalHash? _digest;
    private Utf8StreamValidator _inflatedText;

    /// <param name="compression">The permessage-deflate agreement, or null when none was negotiated.</param>
    /// <param name="digestMessages">Keep a SHA-1 of every message whose payload is not kept.</param>
    /// <param name="harnessRole">Our role; the peer's frames are checked against the other one's rules (masking, RFC 6455 §5.1).</param>
    public IncomingFrames(SessionCore session, long maxMessageBytes, bool keepPayloads, Role harnessRole, DeflateAgreement? compression = null, bool digestMessages = false)
    {
        _session = session;
        _maxMessageBytes = maxMessageBytes;
        _keepPayloads = keepPayloads;
        _digestMessages = digestMessages && !keepPayloads;
        _onInflated = AppendMessageBytes;
        var negotiatedRsv = compression is null ? (byte)0 : DeflateAgreement.Rsv;
        var peer = harnessRole == Role.Client ? Role.Server : Role.Client;
        _validator = new FrameValidator(new ValidationOptions(peer, negotiatedRsv, MaxMessagePayload: maxMessageBytes));
        if (compression is not null)
        {
            // The peer compresses with its own side's parameters of the agreement (RFC 7692 §7.1).
            _inflater = peer == Role.Server
                ? new MessageInflater(compression.ServerNoContextTakeover)
                : new MessageInflater(compression.ClientNoContextTakeover);
        }
    }

    /// <summary>Processes as much of <paramref name="input"/> as possible; returns the bytes consumed.</summary>
    public int Process(Span<byte> input)
    {
        var total = 0;
        while (true)
        {
            var status = _decoder.Decode(input[total..], out var consumed, out var header, out var payload, out var endOfFrame);
            total += consumed;
            switch (status)
            {
                case DecodeStatus.FrameStarted:
                    OnFrameStarted(header);
                    break;
                case DecodeStatus.PayloadChunk:
                    OnPayload(payload, endOfFrame);
                    break;
                default:
                    return total;
            }
        }
    }

    public void Dispose()
    {
        _inflater?.Dispose();
        _digest?.Dispose();
    }

    private void OnFrameStarted(in FrameHeader header)
    {
        _frame = header;
        _frameHeadLength = 0;
        _control.Clear();
        var errors = Errors(_validator.OnHeader(header));
        _frameRejected = errors.Count > 0;
        if (_frameRejected)
        {
            _session.OnFrameHeaderOnly(header);
            _session.ReportViolation(errors);
            return;
        }

        if (_inflater is not null && header.Rsv1 && (header.IsControl || header.Opcode == Opcodes.Continuation))
        {
            // "An endpoint MUST NOT set the "Per-Message Compressed" bit of control frames and non-first fragments of
            // a data message. An endpoint receiving such a frame MUST _Fail the WebSocket Connection_." (RFC 7692 §6)
            RejectFrame($"RSV1 is set on a {Opcodes.Name(header.Opcode)} frame; only the first frame of a data message may carry it (RFC 7692 §6)",
                CloseCodes.ProtocolError);
            return;
        }

        if (!header.IsControl && header.Opcode != Opcodes.Continuation)
        {
            StartMessage(header);
        }
    }

    private void StartMessage(in FrameHeader first)
    {
        _messageOpcode = first.Opcode;
        _messageCompressed = _inflater is not null && first.Rsv1;
        _messageLength = 0;
        _messageRejected = false;
        _message.Clear();
        _inflatedText.Reset();
        if (_digestMessages)
        {
            _digest ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        }
    }

    private void OnPayload(Span<byte> chunk, bool endOfFrame)
    {
        if (_frameRejected)
        {
            return;
        }

        CopyToFrameHead(chunk);
        var errors = Errors(_validator.OnPayload(chunk, endOfFrame));
        if (_frame.Opcode == Opcodes.Close)
        {
            // A bad close body is judged where the Close is handled (the code still counts as the peer's).
            errors.RemoveAll(v => v.Code is ViolationCode.InvalidCloseCode or ViolationCode.InvalidCloseReasonUtf8 or ViolationCode.CloseBodyOneByte);
        }

        if (errors.Count > 0)
        {
            _frameRejected = true;
            _messageRejected = true;
            _session.OnFrameHeaderOnly(_frame);
            _session.ReportViolation(errors);
            return;
        }

        if (_frame.IsControl)
        {
            _control.Write(chunk);
        }
        else if (_messageCompressed)
        {
            CheckInflation(_inflater!.Inflate(chunk, _maxMessageBytes, _onInflated), endOfMessage: false);
        }
        else
        {
            AppendMessageBytes(chunk);
        }

        if (endOfFrame && !_frameRejected)
        {
            if (_messageCompressed && _frame.Fin && !_frame.IsControl)
            {
                CheckInflation(_inflater!.EndMessage(_maxMessageBytes, _onInflated), endOfMessage: true);
            }

            OnFrameComplete();
        }
    }

    /// <summary>Fails the connection when inflation failed or produced invalid text.</summary>
    private void CheckInflation(InflateStatus status, bool endOfMessage)
    {
        if (status == InflateStatus.CorruptData)
        {
            RejectFrame($"the compressed message does not inflate: {_inflater!.FailureDetail} (RFC 7692 §7.2.2)", CloseCodes.InvalidPayload);
        }
        else if (status == InflateStatus.TooLarge)
        {
            RejectFrame($"the compressed message inflates to more than {_maxMessageBytes} bytes (decompression bomb guard)", CloseCodes.MessageTooBig);
        }
        else if (_messageOpcode == Opcodes.Text && !_messageRejected && InflatedTextIsInvalid(endOfMessage))
        {
            RejectFrame("the inflated text message is not valid UTF-8 (RFC 6455 §8.1)", CloseCodes.InvalidPayload);
        }
    }

    private bool InflatedTextIsInvalid(bool endOfMessage)
    {
        var state = _inflatedText.State;
        return state == Utf8State.Invalid || (endOfMessage && state == Utf8State.Incomplete);
    }

    private void RejectFrame(string detail, ushort code)
    {
        _frameRejected = true;
        _messageRejected = true;
        _session.OnFrameHeaderOnly(_frame);
        _session.ReportCompressionViolation(code, detail);
    }

    /// <summary>Message bytes as they arrive (inflated ones for compressed messages).</summary>
    private void AppendMessageBytes(ReadOnlySpan<byte> bytes)
    {
        _messageLength += bytes.Length;
        if (_messageRejected)
        {
            return;
        }

        if (_messageCompressed && _messageOpcode == Opcodes.Text)
        {
            _inflatedText.Feed(bytes);
        }

        if (_keepPayloads)
        {
            _message.Write(bytes);
        }
        else
        {
            _digest?.AppendData(bytes);
        }
    }

    private void OnFrameComplete()
    {
        _session.OnPeerFrameComplete(_frame, _frameHead.AsSpan(0, _frameHeadLength));
        switch (_frame.Opcode)
        {
            case Opcodes.Ping:
                _session.DeliverPing(_control.WrittenSpan.ToArray());
                break;
            case Opcodes.Pong:
                _session.DeliverPong(_control.WrittenSpan.ToArray());
                break;
            case Opcodes.Close:
                _session.DeliverClose(CloseBody.Parse(_control.WrittenMemory.ToArray()));
                break;
            default:
                if (_frame.Fin && !_messageRejected)
                {
                    _session.DeliverMessage(_messageOpcode, _messageLength, _keepPayloads ? _message.WrittenSpan.ToArray() : null,
                        _digest?.GetHashAndReset(), _messageCompressed);
                }

                break;
        }
    }

    private void CopyToFrameHead(ReadOnlySpan<byte> chunk)
    {
        var room = _frameHead.Length - _frameHeadLength;
        if (room > 0)
        {
            var count = Math.Min(room, chunk.Length);
            chunk[..count].CopyTo(_frameHead.AsSpan(_frameHeadLength));
            _frameHeadLength += count;
        }
    }

    private List<Violation> Errors(IReadOnlyList<Violation> violations) =>
        violations.Where(v => v.Severity == ViolationSeverity.Error).ToList();
}
