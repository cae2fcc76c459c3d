using System.Buffers.Binary;

namespace WsConformance.Protocol.Http2;

/// <summary>
/// Checks the frames of one direction of one HTTP/2 connection against the frame-level rules of RFC 9113 (and
/// RFC 8441's setting) and lists every break as data, with its section, error code and scope. Feed it every frame
/// in order, as <see cref="Http2FrameDecoder"/> yields them. It never throws on any frame content.
/// </summary>
/// <remarks>
/// Its only state is the field block in progress (§4.3: HEADERS or PUSH_PROMISE without END_HEADERS must be
/// followed by CONTINUATION frames of the same stream and nothing else) and whether the sender announced
/// SETTINGS_ENABLE_CONNECT_PROTOCOL = 1, which it may not take back (RFC 8441 §3). Stream states, flow-control
/// windows and the semantics of the field blocks are outside the frame layer.
/// </remarks>
public sealed class Http2FrameValidator
{
    private const int RstStreamLength = 4;
    private const int PingLength = 8;
    private const int WindowUpdateLength = 4;
    private const int GoAwayMinimumLength = 8;
    private const int PadLengthFieldSize = 1;
    private const int PromisedStreamIdSize = 4;
    private const uint StreamIdMask = 0x7FFF_FFFF;

    private uint? _fieldBlockStream;
    private bool _connectProtocolEnabled;

    /// <summary>The stream whose field block awaits CONTINUATION frames, if any.</summary>
    public uint? OpenFieldBlockStream => _fieldBlockStream;

    /// <summary>True once the sender announced SETTINGS_ENABLE_CONNECT_PROTOCOL = 1: extended CONNECT is allowed for good.</summary>
    public bool ConnectProtocolEnabled => _connectProtocolEnabled;

    /// <summary>Checks one whole frame (<see cref="Http2DecodeStatus.Frame"/>).</summary>
    public IReadOnlyList<Http2Violation> OnFrame(in Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        var violations = new List<Http2Violation>();
        CheckHeader(header, violations);
        CheckPayload(header, payload, violations);
        return violations;
    }

    /// <summary>Checks the header of a frame the decoder found larger than <paramref name="maxFrameSize"/>.</summary>
    public IReadOnlyList<Http2Violation> OnOversizedFrame(in Http2FrameHeader header, int maxFrameSize)
    {
        var violations = new List<Http2Violation> { Http2Violations.FrameTooLarge(header, maxFrameSize) };
        CheckHeader(header, violations);
        return violations;
    }

    private void CheckHeader(in Http2FrameHeader header, List<Http2Violation> violations)
    {
        TrackFieldBlock(header, violations);
        if (header.ReservedBit)
        {
            violations.Add(Http2Violations.ReservedBitSet(header));
        }

        if (header.UndefinedFlags != 0)
        {
            violations.Add(Http2Violations.UndefinedFlagsSet(header));
        }

        CheckStreamId(header, violations);
    }

    private void TrackFieldBlock(in Http2FrameHeader header, List<Http2Violation> violations)
    {
        bool continuation = header.Type == Http2FrameTypes.Continuation;
        if (_fieldBlockStream is { } open && !(continuation && header.StreamId == open))
        {
            violations.Add(Http2Violations.FrameInsideFieldBlock(header, open));
            _fieldBlockStream = null;
        }
        else if (_fieldBlockStream is null && continuation)
        {
            violations.Add(Http2Violations.ContinuationWithoutFieldBlock(header.StreamId));
        }

        bool carriesFieldBlock = header.Type is Http2FrameTypes.Headers or Http2FrameTypes.PushPromise or Http2FrameTypes.Continuation;
        if (carriesFieldBlock)
        {
            _fieldBlockStream = header.HasFlag(Http2Flags.EndHeaders) ? null : header.StreamId;
        }
    }

    private static void CheckStreamId(in Http2FrameHeader header, List<Http2Violation> violations)
    {
        switch (header.Type)
        {
            case Http2FrameTypes.Settings or Http2FrameTypes.Ping or Http2FrameTypes.GoAway when header.StreamId != 0:
                violations.Add(Http2Violations.StreamIdMustBeZero(header));
                break;
            case Http2FrameTypes.Data or Http2FrameTypes.Headers or Http2FrameTypes.Priority or Http2FrameTypes.RstStream
                or Http2FrameTypes.PushPromise or Http2FrameTypes.Continuation when header.StreamId == 0:
                violations.Add(Http2Violations.StreamIdMustNotBeZero(header));
                break;
        }
    }

    private void CheckPayload(in Http2FrameHeader header, ReadOnlySpan<byte> payload, List<Http2Violation> violations)
    {
        switch (header.Type)
        {
            case Http2FrameTypes.Data:
                CheckPadding(header, payload, 0, violations);
                break;
            case Http2FrameTypes.Headers:
                CheckHeadersPayload(header, payload, violations);
                break;
            case Http2FrameTypes.PushPromise:
                CheckPadding(header, payload, PromisedStreamIdSize, violations);
                break;
            case Http2FrameTypes.Priority:
                CheckPriorityPayload(header, payload, violations);
                break;
            case Http2FrameTypes.RstStream:
                CheckFixedLength(header, RstStreamLength, Http2ErrorScope.Connection, violations);
                break;
            case Http2FrameTypes.Ping:
                CheckFixedLength(header, PingLength, Http2ErrorScope.Connection, violations);
                break;
            case Http2FrameTypes.Settings:
                CheckSettingsPayload(header, payload, violations);
                break;
            case Http2FrameTypes.GoAway when payload.Length < GoAwayMinimumLength:
                violations.Add(Http2Violations.FrameTooSmall(header, GoAwayMinimumLength));
                break;
            case Http2FrameTypes.WindowUpdate:
                CheckWindowUpdatePayload(header, payload, violations);
                break;
        }
    }

    private static void CheckHeadersPayload(in Http2FrameHeader header, ReadOnlySpan<byte> payload, List<Http2Violation> violations)
    {
        bool hasPriority = header.HasFlag(Http2Flags.Priority);
        if (!CheckPadding(header, payload, hasPriority ? Http2Priority.Size : 0, violations) || !hasPriority)
        {
            return;
        }

        int priorityOffset = header.HasFlag(Http2Flags.Padded) ? PadLengthFieldSize : 0;
        CheckDependency(header, Http2Priority.Read(payload[priorityOffset..]), violations);
    }

    private static void CheckPriorityPayload(in Http2FrameHeader header, ReadOnlySpan<byte> payload, List<Http2Violation> violations)
    {
        if (CheckFixedLength(header, Http2Priority.Size, Http2ErrorScope.Stream, violations))
        {
            CheckDependency(header, Http2Priority.Read(payload), violations);
        }
    }

    private static void CheckDependency(in Http2FrameHeader header, Http2Priority priority, List<Http2Violation> violations)
    {
        if (header.StreamId != 0 && priority.StreamDependency == header.StreamId)
        {
            violations.Add(Http2Violations.StreamDependsOnItself(header));
        }
    }

    /// <summary>
    /// Checks the Pad Length of a frame whose payload is [Pad Length] fields … [Padding]; false when the frame is
    /// too small or too padded for its fields to be read.
    /// </summary>
    private static bool CheckPadding(in Http2FrameHeader header, ReadOnlySpan<byte> payload, int fieldsSize, List<Http2Violation> violations)
    {
        bool padded = header.HasFlag(Http2Flags.Padded);
        int needed = fieldsSize + (padded ? PadLengthFieldSize : 0);
        if (payload.Length < needed)
        {
            violations.Add(Http2Violations.FrameTooSmall(header, needed));
            return false;
        }

        if (!padded)
        {
            return true;
        }

        int padLength = payload[0];
        int room = payload.Length - needed;
        if (padLength > room)
        {
            violations.Add(Http2Violations.PaddingTooLong(header, padLength, room));
            return false;
        }

        if (payload[^padLength..].ContainsAnyExcept((byte)0))
        {
            violations.Add(Http2Violations.NonZeroPadding(header));
        }

        return true;
    }

    private static bool CheckFixedLength(in Http2FrameHeader header, int expected, Http2ErrorScope scope, List<Http2Violation> violations)
    {
        if (header.Length == expected)
        {
            return true;
        }

        violations.Add(Http2Violations.WrongFixedLength(header, expected, scope));
        return false;
    }

    private void CheckSettingsPayload(in Http2FrameHeader header, ReadOnlySpan<byte> payload, List<Http2Violation> violations)
    {
        if (header.HasFlag(Http2Flags.Ack))
        {
            if (payload.Length != 0)
            {
                violations.Add(Http2Violations.SettingsAckWithPayload(payload.Length));
            }

            return;
        }

        if (payload.Length % Http2SettingIds.EntryLength != 0)
        {
            violations.Add(Http2Violations.SettingsLengthNotMultipleOf6(payload.Length));
            return;
        }

        for (int offset = 0; offset < payload.Length; offset += Http2SettingIds.EntryLength)
        {
            var setting = new Http2Setting(
                BinaryPrimitives.ReadUInt16BigEndian(payload[offset..]),
                BinaryPrimitives.ReadUInt32BigEndian(payload[(offset + sizeof(ushort))..]));
            if (SettingValueViolation(setting) is { } violation)
            {
                violations.Add(violation);
            }
            else if (setting.Id == Http2SettingIds.EnableConnectProtocol)
            {
                TrackConnectProtocol(setting.Value == 1, violations);
            }
        }
    }

    private void TrackConnectProtocol(bool enabled, List<Http2Violation> violations)
    {
        if (_connectProtocolEnabled && !enabled)
        {
            violations.Add(Http2Violations.ConnectProtocolWithdrawn());
        }

        _connectProtocolEnabled |= enabled;
    }

    private static Http2Violation? SettingValueViolation(Http2Setting setting) => setting.Id switch
    {
        Http2SettingIds.EnablePush when setting.Value > 1 =>
            Http2Violations.InvalidSettingValue(setting, "RFC 9113 §6.5.2", Http2ErrorCode.ProtocolError, "0 or 1"),
        Http2SettingIds.InitialWindowSize when setting.Value > Http2SettingIds.MaxWindowSize =>
            Http2Violations.InvalidSettingValue(setting, "RFC 9113 §6.5.2", Http2ErrorCode.FlowControlError, "at most 2^31-1"),
        Http2SettingIds.MaxFrameSize when setting.Value is < Http2FrameHeader.DefaultMaxFrameSize or > Http2FrameHeader.MaxFrameSizeLimit =>
            Http2Violations.InvalidSettingValue(setting, "RFC 9113 §6.5.2", Http2ErrorCode.ProtocolError, "16,384 to 16,777,215"),
        Http2SettingIds.EnableConnectProtocol when setting.Value > 1 =>
            Http2Violations.InvalidSettingValue(setting, "RFC 8441 §3", Http2ErrorCode.ProtocolError, "0 or 1"),
        _ => null,
    };

    private static void CheckWindowUpdatePayload(in Http2FrameHeader header, ReadOnlySpan<byte> payload, List<Http2Violation> violations)
    {
        if (CheckFixedLength(header, WindowUpdateLength, Http2ErrorScope.Connection, violations)
            && (BinaryPrimitives.ReadUInt32BigEndian(payload) & StreamIdMask) == 0)
        {
            violations.Add(Http2Violations.WindowIncrementZero(header.StreamId));
        }
    }
}
