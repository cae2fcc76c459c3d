namespace WsConformance.Protocol;

/// <summary>The role of an endpoint.</summary>
public enum Role
{
    /// <summary>The endpoint that opened the connection; its frames must be masked.</summary>
    Client,

    /// <summary>The endpoint that accepted the connection; its frames must not be masked.</summary>
    Server,
}

/// <summary>What <see cref="FrameValidator"/> checks against.</summary>
/// <param name="Sender">The role of the endpoint that SENT the frames being validated.</param>
/// <param name="NegotiatedRsv">RSV bits an extension negotiated (4 = RSV1, 2 = RSV2, 1 = RSV3).</param>
/// <param name="MaxFramePayload">Largest allowed declared frame payload.</param>
/// <param name="MaxMessagePayload">Largest allowed total payload of one message.</param>
public sealed record ValidationOptions(
    Role Sender, byte NegotiatedRsv = 0, long MaxFramePayload = long.MaxValue, long MaxMessagePayload = long.MaxValue);

/// <summary>
/// Checks the frames of one direction of one connection against RFC 6455 and lists every violation as
/// data. Feed it every header and every payload chunk in order (as <see cref="FrameDecoder"/> yields them).
/// </summary>
/// <remarks>
/// It keeps only the fragmentation state, an incremental UTF-8 validator for text messages and the first
/// 125 bytes of a Close body, so memory stays constant whatever lengths are declared. It never throws on
/// any frame content. Text messages compressed by a negotiated permessage-deflate (RSV1 on the first frame)
/// are not checked for UTF-8, since only their inflated form is text.
/// </remarks>
public sealed class FrameValidator
{
    private const int MaxControlPayload = 125;

    private readonly ValidationOptions _options;
    private byte[]? _closeBody;
    private FrameHeader? _frame;
    private byte? _messageOpcode;
    private ulong _messageLength;
    private bool _messageTooLargeReported;
    private bool _messageCompressed;
    private bool _frameIsText;
    private bool _frameEndsMessage;
    private bool _utf8Reported;
    private Utf8StreamValidator _utf8;
    private int _closeBodyLength;
    private bool _closeSeen;

    /// <summary>Creates a validator for one direction of one connection.</summary>
    public FrameValidator(ValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>True while a fragmented message has started and its final frame has not been seen.</summary>
    public bool InMessage => _messageOpcode.HasValue;

    /// <summary>Header-level checks and fragmentation state; call once per frame, before its payload.</summary>
    public IReadOnlyList<Violation> OnHeader(in FrameHeader header)
    {
        var violations = new ViolationList();
        if (_closeSeen)
        {
            violations.Add(FrameViolations.FrameAfterClose(header.Opcode));
        }

        CheckBits(header, ref violations);
        CheckLength(header, ref violations);
        if (header.IsControl)
        {
            CheckControl(header, ref violations);
        }
        else if (Opcodes.IsDefined(header.Opcode))
        {
            TrackFragmentation(header, ref violations);
        }

        _frame = header;
        bool partOfMessage = InMessage && !header.IsControl && Opcodes.IsDefined(header.Opcode);
        _frameIsText = partOfMessage && _messageOpcode == Opcodes.Text && !_messageCompressed;
        _frameEndsMessage = partOfMessage && header.Fin;
        _closeBodyLength = 0;
        _closeSeen |= header.Opcode == Opcodes.Close;
        return violations.ToList();
    }

    /// <summary>
    /// UTF-8 of text messages (fail-fast: reports as soon as the stream is invalid, with the offset in the
    /// message), close body checks at the end of a Close frame, and the end of a message on a final frame.
    /// </summary>
    public IReadOnlyList<Violation> OnPayload(ReadOnlySpan<byte> unmaskedChunk, bool endOfFrame)
    {
        if (_frame is not { } frame)
        {
            return ThrowPayloadWithoutHeader();
        }

        var violations = new ViolationList();
        if (_frameIsText)
        {
            CheckText(unmaskedChunk, endOfFrame && frame.Fin, ref violations);
        }
        else if (frame.Opcode == Opcodes.Close)
        {
            CollectCloseBody(unmaskedChunk, endOfFrame, ref violations);
        }

        if (endOfFrame)
        {
            EndFrame();
        }

        return violations.ToList();
    }

    private void CheckBits(in FrameHeader header, ref ViolationList violations)
    {
        int unexpectedRsv = header.Rsv & ~_options.NegotiatedRsv & 0b111;
        if (unexpectedRsv != 0)
        {
            violations.Add(FrameViolations.ReservedBitsSet(unexpectedRsv));
        }

        if (!Opcodes.IsDefined(header.Opcode))
        {
            violations.Add(FrameViolations.ReservedOpcode(header.Opcode));
        }

        if (_options.Sender == Role.Client && !header.Masked)
        {
            violations.Add(FrameViolations.UnmaskedClientFrame());
        }
        else if (_options.Sender == Role.Server && header.Masked)
        {
            violations.Add(FrameViolations.MaskedServerFrame(header.MaskKey));
        }
    }

    private void CheckLength(in FrameHeader header, ref ViolationList violations)
    {
        if (header.HasLengthMostSignificantBit)
        {
            violations.Add(FrameViolations.LengthMostSignificantBitSet(header.DeclaredLength));
        }

        if (!header.IsMinimalLength)
        {
            violations.Add(FrameViolations.NonMinimalLength(header.DeclaredLength, header.Width));
        }

        // A length with the MSB set is already an error; limits only judge lengths that can be meant.
        if (!header.HasLengthMostSignificantBit && header.DeclaredLength > (ulong)Math.Max(_options.MaxFramePayload, 0))
        {
            violations.Add(FrameViolations.FrameTooLarge(header.DeclaredLength, _options.MaxFramePayload));
        }
    }

    private static void CheckControl(in FrameHeader header, ref ViolationList violations)
    {
        if (header.DeclaredLength > MaxControlPayload)
        {
            violations.Add(FrameViolations.ControlFrameTooLong(header.Opcode, header.DeclaredLength));
        }

        if (!header.Fin)
        {
            violations.Add(FrameViolations.FragmentedControlFrame(header.Opcode));
        }
    }

    private void TrackFragmentation(in FrameHeader header, ref ViolationList violations)
    {
        if (header.Opcode == Opcodes.Continuation)
        {
            if (!InMessage)
            {
                violations.Add(FrameViolations.ContinuationWithoutMessage());
                return;
            }
        }
        else
        {
            if (InMessage)
            {
                violations.Add(FrameViolations.DataFrameInsideFragmentedMessage(header.Opcode, _messageOpcode!.Value));
            }

            StartMessage(header);
        }

        if (header.HasLengthMostSignificantBit)
        {
            return;
        }

        _messageLength = SaturatingAdd(_messageLength, header.DeclaredLength);
        if (!_messageTooLargeReported && _messageLength > (ulong)Math.Max(_options.MaxMessagePayload, 0))
        {
            _messageTooLargeReported = true;
            violations.Add(FrameViolations.MessageTooLarge(_messageLength, _options.MaxMessagePayload));
        }
    }

    private void StartMessage(in FrameHeader first)
    {
        // RFC 7692 §6: RSV1 on the first frame of a message marks it compressed (when negotiated); its text
        // can only be judged after inflation, which is outside this codec.
        _messageCompressed = first.Rsv1 && (_options.NegotiatedRsv & 0b100) != 0;
        _messageOpcode = first.Opcode;
        _messageLength = 0;
        _messageTooLargeReported = false;
        _utf8Reported = false;
        _utf8.Reset();
    }

    private void CheckText(ReadOnlySpan<byte> chunk, bool endOfMessage, ref ViolationList violations)
    {
        if (_utf8Reported)
        {
            return;
        }

        Utf8State state = _utf8.Feed(chunk);
        if (state == Utf8State.Invalid)
        {
            _utf8Reported = true;
            violations.Add(FrameViolations.InvalidTextUtf8(_utf8.FailureOffset));
        }
        else if (state == Utf8State.Incomplete && endOfMessage)
        {
            _utf8Reported = true;
            violations.Add(FrameViolations.TextEndsInsideCodePoint(_utf8.BytesSeen));
        }
    }

    private void CollectCloseBody(ReadOnlySpan<byte> chunk, bool endOfFrame, ref ViolationList violations)
    {
        // Allocated on the first Close frame only: most validators (and most fuzz inputs) never see one.
        byte[] closeBody = _closeBody ??= new byte[MaxControlPayload];
        int room = closeBody.Length - _closeBodyLength;
        ReadOnlySpan<byte> kept = chunk[..Math.Min(room, chunk.Length)];
        kept.CopyTo(closeBody.AsSpan(_closeBodyLength));
        _closeBodyLength += kept.Length;

        // An over-long Close frame is already reported as ControlFrameTooLong; its body is not judged further.
        if (endOfFrame && _frame!.Value.DeclaredLength <= MaxControlPayload)
        {
            CloseBodyInfo info = CloseBody.Parse(closeBody.AsMemory(0, _closeBodyLength));
            violations.AddRange(info.Violations);
        }
    }

    private void EndFrame()
    {
        if (_frameEndsMessage)
        {
            _messageOpcode = null;
        }

        _frame = null;
        _frameIsText = false;
        _frameEndsMessage = false;
    }

    private static ulong SaturatingAdd(ulong a, ulong b) => a > ulong.MaxValue - b ? ulong.MaxValue : a + b;

    private static IReadOnlyList<Violation> ThrowPayloadWithoutHeader() =>
        throw new InvalidOperationException("OnPayload was called without a preceding OnHeader for the frame.");
}
