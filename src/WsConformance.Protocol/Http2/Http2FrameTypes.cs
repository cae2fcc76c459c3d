namespace WsConformance.Protocol.Http2;

/// <summary>The frame types RFC 9113 §6 defines; any other type is unknown and MUST be ignored (§5.5).</summary>
public static class Http2FrameTypes
{
    /// <summary>DATA (0x0), §6.1.</summary>
    public const byte Data = 0x0;

    /// <summary>HEADERS (0x1), §6.2.</summary>
    public const byte Headers = 0x1;

    /// <summary>PRIORITY (0x2), §6.3 (deprecated, still parsed).</summary>
    public const byte Priority = 0x2;

    /// <summary>RST_STREAM (0x3), §6.4.</summary>
    public const byte RstStream = 0x3;

    /// <summary>SETTINGS (0x4), §6.5.</summary>
    public const byte Settings = 0x4;

    /// <summary>PUSH_PROMISE (0x5), §6.6.</summary>
    public const byte PushPromise = 0x5;

    /// <summary>PING (0x6), §6.7.</summary>
    public const byte Ping = 0x6;

    /// <summary>GOAWAY (0x7), §6.8.</summary>
    public const byte GoAway = 0x7;

    /// <summary>WINDOW_UPDATE (0x8), §6.9.</summary>
    public const byte WindowUpdate = 0x8;

    /// <summary>CONTINUATION (0x9), §6.10.</summary>
    public const byte Continuation = 0x9;

    /// <summary>True for the ten types RFC 9113 defines.</summary>
    public static bool IsDefined(byte type) => type <= Continuation;

    /// <summary>The RFC's name ("DATA", "WINDOW_UPDATE", …) or "UNKNOWN_0xNN".</summary>
    public static string Name(byte type) => type switch
    {
        Data => "DATA",
        Headers => "HEADERS",
        Priority => "PRIORITY",
        RstStream => "RST_STREAM",
        Settings => "SETTINGS",
        PushPromise => "PUSH_PROMISE",
        Ping => "PING",
        GoAway => "GOAWAY",
        WindowUpdate => "WINDOW_UPDATE",
        Continuation => "CONTINUATION",
        _ => $"UNKNOWN_0x{type:X2}",
    };
}

/// <summary>The frame flags RFC 9113 §6 defines, and which of them each frame type knows.</summary>
public static class Http2Flags
{
    /// <summary>END_STREAM (DATA, HEADERS).</summary>
    public const byte EndStream = 0x01;

    /// <summary>ACK (SETTINGS, PING); the same bit as END_STREAM.</summary>
    public const byte Ack = 0x01;

    /// <summary>END_HEADERS (HEADERS, PUSH_PROMISE, CONTINUATION).</summary>
    public const byte EndHeaders = 0x04;

    /// <summary>PADDED (DATA, HEADERS, PUSH_PROMISE).</summary>
    public const byte Padded = 0x08;

    /// <summary>PRIORITY (HEADERS).</summary>
    public const byte Priority = 0x20;

    /// <summary>
    /// The flags a frame type defines; the others "MUST be ignored on receipt and MUST be left unset (0x00) when
    /// sending" (§4.1). For an unknown type every flag counts as defined: an extension may give it a meaning.
    /// </summary>
    public static byte DefinedFor(byte type) => type switch
    {
        Http2FrameTypes.Data => EndStream | Padded,
        Http2FrameTypes.Headers => EndStream | EndHeaders | Padded | Priority,
        Http2FrameTypes.Settings or Http2FrameTypes.Ping => Ack,
        Http2FrameTypes.PushPromise => EndHeaders | Padded,
        Http2FrameTypes.Continuation => EndHeaders,
        Http2FrameTypes.Priority or Http2FrameTypes.RstStream or Http2FrameTypes.GoAway or Http2FrameTypes.WindowUpdate => 0,
        _ => 0xFF,
    };
}
