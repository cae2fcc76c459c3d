using System.Buffers;
using System.Net.Sockets;
using System.Text;
using WsConformance.Protocol;

namespace WsConformance.TestServers;

/// <summary>
/// One WebSocket connection of a <see cref="CodecEchoServer"/> or <see cref="CodecEchoClient"/> after the
/// opening handshake, built on the reference codec: <see cref="FrameDecoder"/> reads, <see cref="FrameValidator"/>
/// judges the peer's frames, and every message is reassembled and echoed with its type in one frame (masked
/// when this end is the client).
/// </summary>
internal sealed class EchoConnection
{
    private const int ReadBufferSize = 64 * 1024;
    private const uint MaskKey = 0x5A17_C0DE;
    private static readonly TimeSpan LingerTimeout = TimeSpan.FromSeconds(2);

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly EchoBehaviour _behaviour;
    private readonly CancellationToken _stopping;
    private readonly FrameDecoder _decoder = new();
    private readonly Role _role;
    private readonly FrameValidator _validator;
    private readonly ArrayBufferWriter<byte> _message = new();
    private readonly ArrayBufferWriter<byte> _control = new();
    private readonly OutgoingFrames _outgoing;
    private FrameHeader _frame;
    private FrameUse _frameUse;
    private byte? _messageOpcode;

    /// <param name="role">This end's role: the peer's frames are checked against the other role's rules.</param>
    public EchoConnection(Socket socket, Stream stream, EchoBehaviour behaviour, CancellationToken stopping, Role role = Role.Server)
    {
        _role = role;
        _validator = new(new ValidationOptions(role == Role.Server ? Role.Client : Role.Server));
        _socket = socket;
        _stream = stream;
        _behaviour = behaviour;
        _stopping = stopping;
        _outgoing = new OutgoingFrames(stream, behaviour.ReplyDelay, stopping);
    }

    /// <summary>What the payload of the current frame is for.</summary>
    private enum FrameUse
    {
        Message,
        Control,
        Discard,
    }

    /// <summary>Where the connection stands after a frame event.</summary>
    private enum Progress
    {
        Open,
        Closing,
    }

    /// <summary>Runs until the closing handshake is done, the connection is failed, or the client goes away.</summary>
    public async Task RunAsync(ReadOnlyMemory<byte> leftover)
    {
        var writer = _outgoing.RunAsync();
        Progress progress;
        try
        {
            progress = await ReadFramesAsync(leftover);
        }
        finally
        {
            await _outgoing.CompleteAsync(writer);
        }

        if (progress == Progress.Closing)
        {
            await CloseTcpAsync();
        }
    }

    private async Task<Progress> ReadFramesAsync(ReadOnlyMemory<byte> leftover)
    {
        var buffer = new byte[Math.Max(ReadBufferSize, leftover.Length)];
        leftover.CopyTo(buffer);
        var start = 0;
        var end = leftover.Length;
        while (true)
        {
            var status = _decoder.Decode(buffer.AsSpan(start, end - start), out var consumed, out var header, out var payload, out var endOfFrame);
            start += consumed;
            var progress = status switch
            {
                DecodeStatus.FrameStarted => OnHeader(header),
                DecodeStatus.PayloadChunk => OnPayload(payload, endOfFrame),
                _ => Progress.Open,
            };
            if (progress == Progress.Closing)
            {
                return Progress.Closing;
            }

            if (status == DecodeStatus.NeedMoreData)
            {
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                end -= start;
                start = 0;
                var read = await _stream.ReadAsync(buffer.AsMemory(end), _stopping);
                if (read == 0)
                {
                    return Progress.Open;
                }

                end += read;
            }
        }
    }

    private Progress OnHeader(in FrameHeader header)
    {
        if (FirstEnforced(_validator.OnHeader(header)) is { } violation)
        {
            return Fail(violation);
        }

        _frame = header;
        _frameUse = Classify(header);
        if (_frameUse == FrameUse.Control)
        {
            _control.ResetWrittenCount();
        }

        return Progress.Open;
    }

    private FrameUse Classify(in FrameHeader header)
    {
        if (!Opcodes.IsDefined(header.Opcode))
        {
            return FrameUse.Discard;
        }

        if (header.IsControl)
        {
            return FrameUse.Control;
        }

        if (header.Opcode != Opcodes.Continuation)
        {
            _messageOpcode = header.Opcode;
            _message.ResetWrittenCount();
        }

        // A continuation with no message to continue (only reached when that violation is ignored).
        return _messageOpcode is null ? FrameUse.Discard : FrameUse.Message;
    }

    private Progress OnPayload(ReadOnlySpan<byte> payload, bool endOfFrame)
    {
        if (FirstEnforced(_validator.OnPayload(payload, endOfFrame)) is { } violation)
        {
            return Fail(violation);
        }

        switch (_frameUse)
        {
            case FrameUse.Message:
                _message.Write(payload);
                break;
            case FrameUse.Control:
                _control.Write(payload);
                break;
        }

        return endOfFrame ? OnFrameEnd() : Progress.Open;
    }

    private Progress OnFrameEnd()
    {
        if (_frameUse == FrameUse.Message && _frame.Fin)
        {
            var opcode = _messageOpcode!.Value;
            _messageOpcode = null;
            if (_behaviour.Echoes)
            {
                Send(opcode, _behaviour.EchoPayload(_message.WrittenSpan.ToArray()));
            }
        }
        else if (_frameUse == FrameUse.Control)
        {
            return OnControlFrame(_frame.Opcode, _control.WrittenSpan.ToArray());
        }

        return Progress.Open;
    }

    private Progress OnControlFrame(byte opcode, byte[] payload)
    {
        switch (opcode)
        {
            case Opcodes.Ping when _behaviour.PongPayload is { } pong:
                Send(Opcodes.Pong, pong(payload));
                return Progress.Open;
            case Opcodes.Close when _behaviour.AnswersClose:
                // §5.5.1: "the endpoint MUST send a Close frame in response. (When sending a Close frame in
                // response, the endpoint typically echos the status code it received.)"
                var code = CloseBody.Parse(payload).Code;
                var reply = code switch
                {
                    null => [],
                    { } valid when CloseCodes.IsValidOnWire(valid) => CloseBody.Build(valid, []),
                    _ => CloseBody.Build(CloseCodes.NormalClosure, []),
                };
                return SendClose(reply);
            default:
                return Progress.Open;
        }
    }

    /// <summary>_Fail the WebSocket Connection_ (§7.1.7): Close with the code that fits, then stop processing.</summary>
    private Progress Fail(Violation violation)
    {
        var code = violation.Code switch
        {
            ViolationCode.InvalidTextUtf8 or ViolationCode.InvalidCloseReasonUtf8 => CloseCodes.InvalidPayload,
            ViolationCode.FrameTooLarge or ViolationCode.MessageTooLarge => CloseCodes.MessageTooBig,
            _ => CloseCodes.ProtocolError,
        };
        return SendClose(CloseBody.Build(code, []));
    }

    private Progress SendClose(byte[] body)
    {
        Send(Opcodes.Close, body);
        if (_behaviour.MessageAfterClose is { } text)
        {
            Send(Opcodes.Text, Encoding.UTF8.GetBytes(text));
        }

        return Progress.Closing;
    }

    private void Send(byte opcode, byte[] payload)
    {
        var delayed = opcode is not Opcodes.Close;
        _outgoing.Enqueue(FrameEncoder.Encode(OwnFrame(opcode, payload)), delayed);
    }

    private FrameSpec OwnFrame(byte opcode, byte[] payload)
    {
        var masked = (_role == Role.Client) != _behaviour.BreaksMasking;
        return new(Fin: true, Rsv: 0, opcode, Masked: masked, MaskKey: masked ? MaskKey : 0, payload);
    }

    private Violation? FirstEnforced(IReadOnlyList<Violation> violations) =>
        violations.FirstOrDefault(_behaviour.Enforces);

    /// <summary>
    /// The server closes TCP first (§7.1.1): FIN after its Close, then it reads and discards whatever the client
    /// still sends (its Close reply) until the client closes too, so no unread byte turns the close into a reset.
    /// A client waits for the server's FIN the same way, then closes.
    /// </summary>
    private async Task CloseTcpAsync()
    {
        if (_role == Role.Server)
        {
            _socket.Shutdown(SocketShutdown.Send);
        }

        using var linger = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        linger.CancelAfter(LingerTimeout);
        var sink = new byte[ReadBufferSize];
        try
        {
            while (await _stream.ReadAsync(sink, linger.Token) > 0)
            {
                // Discarded: nothing the peer sends after the closing handshake is processed.
            }
        }
        catch (Exception e) when (_role == Role.Client && e is IOException or SocketException or OperationCanceledException)
        {
            // The server reset the connection or never closed it: the client closes either way.
        }
    }
}
