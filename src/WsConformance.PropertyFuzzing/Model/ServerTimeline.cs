using WsConformance.Cases.Model;
using WsConformance.PropertyFuzzing.Conversations;
using WsConformance.Protocol;

namespace WsConformance.PropertyFuzzing.Model;

/// <summary>Something a conformant server sends back, and the index of the action that caused it.</summary>
/// <param name="IsPong">Pongs may overtake echoes of earlier messages; echoes keep their order.</param>
public sealed record ServerOutput(ExpectedEvent Event, int Cause, bool IsPong);

/// <summary>A tagged pause and the index of its action.</summary>
public sealed record TagMark(string Tag, int Position);

/// <summary>The client's first protocol fault, as the server's reference codec sees it.</summary>
/// <param name="FrameIndex">Action index of the frame where a fail-fast server detects it.</param>
/// <param name="MessageEndIndex">Where a server that validates text only at the end of a message detects it (UTF-8 only; else equal).</param>
/// <param name="Violations">Every error the codec reports for that frame.</param>
/// <param name="BytesAfterHeader">Bytes the client sends after the fault frame's 2-byte header (payload and all later frames).</param>
public sealed record ClientFault(int FrameIndex, int MessageEndIndex, IReadOnlyList<Violation> Violations, long BytesAfterHeader)
{
    public bool Has(ViolationCode code) => Violations.Any(v => v.Code == code);
}

/// <summary>
/// What an ideal server does with a conversation, action by action: the reference codec (<see cref="FrameValidator"/>)
/// judges every client frame; complete messages are echoed, pings answered; the first fault or the client's Close
/// ends processing. Pure: no I/O, no clock.
/// </summary>
/// <param name="PongsAfterClientClose">Pongs for the valid pings the client sent after its Close: never owed (§5.5.2).</param>
public sealed record ServerTimeline(
    IReadOnlyList<ServerOutput> Outputs,
    IReadOnlyList<TagMark> Tags,
    ClientFault? Fault,
    int? ClientCloseIndex,
    string? NotModelled,
    IReadOnlyList<ServerOutput>? PongsAfterClientClose = null)
{
    public static ServerTimeline Of(Conversation conversation)
    {
        var builder = new Builder(conversation.Actions);
        return builder.Run();
    }

    private sealed class Builder(IReadOnlyList<ClientAction> actions)
    {
        private readonly FrameValidator _validator = new(new ValidationOptions(Role.Client));
        private readonly List<ServerOutput> _outputs = [];
        private readonly List<TagMark> _tags = [];
        private readonly List<byte> _message = [];
        private byte _messageOpcode;
        private ClientFault? _fault;
        private int? _utf8Fault;

        public ServerTimeline Run()
        {
            for (var index = 0; index < actions.Count; index++)
            {
                switch (actions[index])
                {
                    case PauseAction { Tag: { } tag }:
                        _tags.Add(new TagMark(tag, index));
                        break;
                    case CloseAction when _fault is not null:
                        // The server's Close (for the fault) and the client's cross: who closed first is a race.
                        return new ServerTimeline(_outputs, _tags, null, null, "the client closes while its fault is still being answered");
                    case CloseAction:
                        return Result(closeIndex: index) with { PongsAfterClientClose = PongsAfter(index) };
                    case FrameAction frame:
                        if (Process(frame, index) is { } notModelled)
                        {
                            return new ServerTimeline(_outputs, _tags, null, null, notModelled);
                        }

                        if (_fault is not null && _utf8Fault is null)
                        {
                            return actions.Skip(index + 1).Any(a => a is CloseAction)
                                ? new ServerTimeline(_outputs, _tags, null, null, "the client closes while its fault is still being answered")
                                : Result(closeIndex: null);
                        }

                        break;
                }
            }

            return _utf8Fault is { } unterminated
                ? new ServerTimeline(_outputs, _tags, null, null, $"the invalid text message of action {unterminated} never ends")
                : Result(closeIndex: null);
        }

        private ServerTimeline Result(int? closeIndex) => new(_outputs, _tags, _fault, _fault is null ? closeIndex : null, null);

        /// <summary>Pongs a server would send for the pings after the client's Close, up to the first invalid or Close frame.</summary>
        private List<ServerOutput> PongsAfter(int closeIndex)
        {
            var pongs = new List<ServerOutput>();
            for (var index = closeIndex + 1; index < actions.Count; index++)
            {
                if (actions[index] is not FrameAction frame)
                {
                    continue;
                }

                var valid = !_validator.OnHeader(frame.Header).Concat(_validator.OnPayload(frame.Payload, endOfFrame: true))
                    .Any(v => v.Severity == ViolationSeverity.Error);
                if (!valid || frame.Opcode == Opcodes.Close)
                {
                    break;
                }

                if (frame.Opcode == Opcodes.Ping)
                {
                    pongs.Add(new ServerOutput(new ExpectedPong(new BytesPayload(frame.Payload)), index, IsPong: true));
                }
            }

            return pongs;
        }

        /// <summary>Feeds one frame to the codec; returns why the model cannot judge it, or null.</summary>
        private string? Process(FrameAction frame, int index)
        {
            var header = frame.Header;
            var errors = _validator.OnHeader(header).Concat(_validator.OnPayload(frame.Payload, endOfFrame: true))
                .Where(v => v.Severity == ViolationSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                if (_fault is null)
                {
                    Fail(index, errors);
                    return null;
                }

                // A fault after invalid UTF-8 but before its message ends: a server checking text at the end fails here.
                _fault = _fault with { MessageEndIndex = index };
                _utf8Fault = null;
                return null;
            }

            if (_utf8Fault is not null)
            {
                return AfterInvalidText(frame, index);
            }

            if (frame.Opcode == Opcodes.Close)
            {
                return "a Close frame sent as a plain frame (not as the client's closing handshake)";
            }

            Accept(frame, index);
            return null;
        }

        private void Fail(int index, List<Violation> errors)
        {
            var isUtf8 = errors.All(v => v.Code == ViolationCode.InvalidTextUtf8);
            var frame = (FrameAction)actions[index];
            var endsMessage = !frame.IsControl && frame.Fin;
            _fault = new ClientFault(index, index, errors, BytesAfter(index));
            if (isUtf8 && !endsMessage)
            {
                _utf8Fault = index;
            }
        }

        /// <summary>A server that checks text only at the end of a message still answers pings until that end.</summary>
        private string? AfterInvalidText(FrameAction frame, int index)
        {
            if (frame.Opcode == Opcodes.Ping)
            {
                _outputs.Add(new ServerOutput(new ExpectedPong(new BytesPayload(frame.Payload)), index, IsPong: true));
            }
            else if (frame.Opcode == Opcodes.Close)
            {
                return "a Close frame inside an invalid text message";
            }
            else if (!frame.IsControl && frame.Fin)
            {
                _fault = _fault! with { MessageEndIndex = index };
                _utf8Fault = null;
            }

            return null;
        }

        private void Accept(FrameAction frame, int index)
        {
            switch (frame.Opcode)
            {
                case Opcodes.Ping:
                    _outputs.Add(new ServerOutput(new ExpectedPong(new BytesPayload(frame.Payload)), index, IsPong: true));
                    return;
                case Opcodes.Pong:
                    return;
                case Opcodes.Text or Opcodes.Binary:
                    _messageOpcode = frame.Opcode;
                    _message.Clear();
                    break;
            }

            _message.AddRange(frame.Payload);
            if (frame.Fin)
            {
                _outputs.Add(new ServerOutput(new ExpectedMessage(_messageOpcode, new BytesPayload([.. _message]), _message.Count), index, IsPong: false));
                _message.Clear();
            }
        }

        private long BytesAfter(int index)
        {
            var fault = (FrameAction)actions[index];
            long bytes = fault.Payload.Length + (fault.DeclaredLength > FrameHeader.MaxShortLength ? 8 : 0) + (fault.Masked ? Masking.KeyLength : 0);
            foreach (var later in actions.Skip(index + 1))
            {
                bytes += later switch
                {
                    FrameAction frame => FrameEncoder.GetEncodedLength(ConversationFrames.Spec(frame)),
                    CloseAction close => close.Body.Length + 6,
                    _ => 0,
                };
            }

            return bytes;
        }
    }
}
