using System.Buffers.Binary;

namespace WsConformance.Protocol.Http2;

/// <summary>
/// Padding of a DATA, HEADERS or PUSH_PROMISE frame (RFC 9113 §6.1): <paramref name="Length"/> bytes of
/// <paramref name="Fill"/> after the content, announced in the Pad Length field as <paramref name="DeclaredLength"/>.
/// </summary>
/// <param name="Length">Padding bytes actually written.</param>
/// <param name="DeclaredLength">The Pad Length field; null = <paramref name="Length"/> (which must then fit a byte).</param>
/// <param name="Fill">The padding byte; RFC 9113 says it MUST be zero.</param>
public readonly record struct Http2Padding(int Length, byte? DeclaredLength = null, byte Fill = 0);

/// <summary>The priority fields of HEADERS and PRIORITY frames (RFC 9113 §5.3.1, §6.3), deprecated but still parsed.</summary>
/// <param name="StreamDependency">The 31-bit stream this one depends on.</param>
/// <param name="Weight">The wire byte: the weight minus one.</param>
/// <param name="Exclusive">The E bit.</param>
public readonly record struct Http2Priority(uint StreamDependency, byte Weight, bool Exclusive = false)
{
    /// <summary>Octets of the priority fields.</summary>
    public const int Size = 5;

    private const uint ExclusiveBit = 0x8000_0000;

    /// <summary>Writes the five priority octets.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, StreamDependency | (Exclusive ? ExclusiveBit : 0));
        destination[4] = Weight;
    }

    /// <summary>Reads the five priority octets from the start of <paramref name="source"/>.</summary>
    public static Http2Priority Read(ReadOnlySpan<byte> source)
    {
        uint word = BinaryPrimitives.ReadUInt32BigEndian(source);
        return new Http2Priority(word & ~ExclusiveBit, source[4], (word & ExclusiveBit) != 0);
    }
}

/// <summary>
/// Conforming frames of each type as <see cref="Http2FrameSpec"/>s, whose flags match their payload. To lie, change
/// a field with <c>with { … }</c> (stream id 0, other flags, a reserved bit, a wrong length), pass a lying
/// <see cref="Http2Padding"/>, or pass values a conforming sender never would (increment 0, a self-dependency).
/// </summary>
public static class Http2Frames
{
    private const int ErrorCodeSize = 4;
    private const int PingDataSize = 8;
    private const int GoAwayFixedSize = 8;
    private const int WindowIncrementSize = 4;

    /// <summary>DATA (§6.1), optionally padded.</summary>
    public static Http2FrameSpec Data(uint streamId, ReadOnlySpan<byte> data, bool endStream = false, Http2Padding? padding = null) =>
        new(Http2FrameTypes.Data, (byte)(EndStreamFlag(endStream) | PaddedFlag(padding)), streamId, Padded([], data, padding));

    /// <summary>HEADERS (§6.2) carrying a field block fragment, optionally with priority fields and padding.</summary>
    public static Http2FrameSpec Headers(
        uint streamId, ReadOnlySpan<byte> fragment, bool endStream = false, bool endHeaders = true,
        Http2Priority? priority = null, Http2Padding? padding = null)
    {
        byte flags = (byte)(EndStreamFlag(endStream) | PaddedFlag(padding)
            | (endHeaders ? Http2Flags.EndHeaders : 0) | (priority.HasValue ? Http2Flags.Priority : 0));
        Span<byte> priorityFields = stackalloc byte[Http2Priority.Size];
        priority?.Write(priorityFields);
        return new(Http2FrameTypes.Headers, flags, streamId, Padded(priority.HasValue ? priorityFields : [], fragment, padding));
    }

    /// <summary>CONTINUATION (§6.10): the next fragment of a field block.</summary>
    public static Http2FrameSpec Continuation(uint streamId, ReadOnlySpan<byte> fragment, bool endHeaders = true) =>
        new(Http2FrameTypes.Continuation, endHeaders ? Http2Flags.EndHeaders : (byte)0, streamId, fragment.ToArray());

    /// <summary>PRIORITY (§6.3).</summary>
    public static Http2FrameSpec Priority(uint streamId, Http2Priority priority)
    {
        var payload = new byte[Http2Priority.Size];
        priority.Write(payload);
        return new(Http2FrameTypes.Priority, 0, streamId, payload);
    }

    /// <summary>RST_STREAM (§6.4); any 32-bit code may be cast to <see cref="Http2ErrorCode"/>.</summary>
    public static Http2FrameSpec RstStream(uint streamId, Http2ErrorCode errorCode)
    {
        var payload = new byte[ErrorCodeSize];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)errorCode);
        return new(Http2FrameTypes.RstStream, 0, streamId, payload);
    }

    /// <summary>SETTINGS (§6.5) with the given parameters, in order (repeats included).</summary>
    public static Http2FrameSpec Settings(params ReadOnlySpan<Http2Setting> settings)
    {
        var payload = new byte[settings.Length * Http2SettingIds.EntryLength];
        for (int index = 0; index < settings.Length; index++)
        {
            Span<byte> entry = payload.AsSpan(index * Http2SettingIds.EntryLength, Http2SettingIds.EntryLength);
            BinaryPrimitives.WriteUInt16BigEndian(entry, settings[index].Id);
            BinaryPrimitives.WriteUInt32BigEndian(entry[sizeof(ushort)..], settings[index].Value);
        }

        return new(Http2FrameTypes.Settings, 0, 0, payload);
    }

    /// <summary>An empty SETTINGS frame with ACK.</summary>
    public static Http2FrameSpec SettingsAck() => new(Http2FrameTypes.Settings, Http2Flags.Ack, 0, ReadOnlyMemory<byte>.Empty);

    /// <summary>PING (§6.7) with eight opaque bytes.</summary>
    public static Http2FrameSpec Ping(ulong opaqueData, bool ack = false)
    {
        var payload = new byte[PingDataSize];
        BinaryPrimitives.WriteUInt64BigEndian(payload, opaqueData);
        return new(Http2FrameTypes.Ping, ack ? Http2Flags.Ack : (byte)0, 0, payload);
    }

    /// <summary>GOAWAY (§6.8); <paramref name="lastStreamId"/> is written as is, so 2^31 and up set the reserved bit.</summary>
    public static Http2FrameSpec GoAway(uint lastStreamId, Http2ErrorCode errorCode, ReadOnlySpan<byte> debugData = default)
    {
        var payload = new byte[GoAwayFixedSize + debugData.Length];
        BinaryPrimitives.WriteUInt32BigEndian(payload, lastStreamId);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(sizeof(uint)), (uint)errorCode);
        debugData.CopyTo(payload.AsSpan(GoAwayFixedSize));
        return new(Http2FrameTypes.GoAway, 0, 0, payload);
    }

    /// <summary>WINDOW_UPDATE (§6.9); <paramref name="increment"/> is written as is, so 2^31 and up set the reserved bit.</summary>
    public static Http2FrameSpec WindowUpdate(uint streamId, uint increment)
    {
        var payload = new byte[WindowIncrementSize];
        BinaryPrimitives.WriteUInt32BigEndian(payload, increment);
        return new(Http2FrameTypes.WindowUpdate, 0, streamId, payload);
    }

    private static byte EndStreamFlag(bool endStream) => endStream ? Http2Flags.EndStream : (byte)0;

    private static byte PaddedFlag(Http2Padding? padding) => padding.HasValue ? Http2Flags.Padded : (byte)0;

    /// <summary>[Pad Length] fields content [Padding], the layout DATA, HEADERS and PUSH_PROMISE share.</summary>
    private static byte[] Padded(ReadOnlySpan<byte> fields, ReadOnlySpan<byte> content, Http2Padding? padding)
    {
        if (padding is not { } pad)
        {
            return [.. fields, .. content];
        }

        if (pad.DeclaredLength is null && pad.Length > byte.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(padding), pad.Length, "Pad Length is one byte; give DeclaredLength to write more padding.");
        }

        var payload = new byte[1 + fields.Length + content.Length + pad.Length];
        payload[0] = pad.DeclaredLength ?? (byte)pad.Length;
        fields.CopyTo(payload.AsSpan(1));
        content.CopyTo(payload.AsSpan(1 + fields.Length));
        payload.AsSpan(1 + fields.Length + content.Length).Fill(pad.Fill);
        return payload;
    }
}
