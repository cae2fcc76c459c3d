using System.Buffers;
using WsConformance.Protocol;

namespace WsConformance.Engine.Session;

/// <summary>
/// Turns the server's bytes into frames, checks each against RFC 6455 through the reference validator, and
/// reassembles messages. A frame that breaks a rule is not delivered; the session fails the connection.
/// </summary>
internal sealed class IncomingFrames
{
    private const int MaxControlPayload = 125;

    private readonly CaseSession _session;
    private readonly FrameDecoder _decoder = new();
    private readonly FrameValidator _validator;
    private readonly bool _keepPayloads;
    private readonly ArrayBufferWriter<byte> _control = new(MaxControlPayload);
    private readonly ArrayBufferWriter<byte> _message = new();
    private readonly byte[] _frameHead = new byte[Observation.WireLog.MaxLoggedBytes];

    private FrameHeader _frame;
    private bool _frameRejected;
    private bool _messageRejected;
    private byte _messageOpcode;
    private long _messageLength;
    private int _frameHeadLength;

    public IncomingFrames(CaseSession session, long maxMessageBytes, bool keepPayloads)
    {
        _session = session;
        _keepPayloads = keepPayloads;
        _validator = new FrameValidator(new ValidationOptions(Role.Server, MaxMessagePayload: maxMessageBytes));
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

        if (!header.IsControl && header.Opcode != Opcodes.Continuation)
        {
            _messageOpcode = header.Opcode;
            _messageLength = 0;
            _messageRejected = false;
            _message.Clear();
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
            // A bad close body is judged where the Close is handled (the code still counts as the server's).
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
        else
        {
            AppendToMessage(chunk);
        }

        if (endOfFrame)
        {
            OnFrameComplete();
        }
    }

    private void AppendToMessage(ReadOnlySpan<byte> chunk)
    {
        _messageLength += chunk.Length;
        if (_keepPayloads && !_messageRejected)
        {
            _message.Write(chunk);
        }
    }

    private void OnFrameComplete()
    {
        _session.OnServerFrameComplete(_frame, _frameHead.AsSpan(0, _frameHeadLength));
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
                    _session.DeliverMessage(_messageOpcode, _messageLength, _keepPayloads ? _message.WrittenSpan.ToArray() : null);
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
