namespace WsConformance.Protocol.Http2;

/// <summary>One SETTINGS parameter (RFC 9113 §6.5.1): a 16-bit identifier and a 32-bit value.</summary>
/// <param name="Id">The identifier; unknown ones MUST be ignored.</param>
/// <param name="Value">The value, unchecked (see <see cref="Http2FrameValidator"/>).</param>
public readonly record struct Http2Setting(ushort Id, uint Value);

/// <summary>The SETTINGS identifiers of RFC 9113 §6.5.2 and RFC 8441 §3, and the limits their values have.</summary>
public static class Http2SettingIds
{
    /// <summary>SETTINGS_HEADER_TABLE_SIZE (0x1): the HPACK dynamic table limit, initially 4,096.</summary>
    public const ushort HeaderTableSize = 0x1;

    /// <summary>SETTINGS_ENABLE_PUSH (0x2): 0 or 1.</summary>
    public const ushort EnablePush = 0x2;

    /// <summary>SETTINGS_MAX_CONCURRENT_STREAMS (0x3).</summary>
    public const ushort MaxConcurrentStreams = 0x3;

    /// <summary>SETTINGS_INITIAL_WINDOW_SIZE (0x4): at most 2^31-1, initially 65,535.</summary>
    public const ushort InitialWindowSize = 0x4;

    /// <summary>SETTINGS_MAX_FRAME_SIZE (0x5): 16,384 to 16,777,215.</summary>
    public const ushort MaxFrameSize = 0x5;

    /// <summary>SETTINGS_MAX_HEADER_LIST_SIZE (0x6).</summary>
    public const ushort MaxHeaderListSize = 0x6;

    /// <summary>SETTINGS_ENABLE_CONNECT_PROTOCOL (0x8, RFC 8441 §3): 0 or 1; 1 lets a client use extended CONNECT.</summary>
    public const ushort EnableConnectProtocol = 0x8;

    /// <summary>Bytes of one parameter on the wire: 2 of identifier, 4 of value.</summary>
    public const int EntryLength = 6;

    /// <summary>The largest flow-control window (§6.9.1).</summary>
    public const uint MaxWindowSize = int.MaxValue;

    /// <summary>The readable name of a setting, or "0xNNNN" for an unknown one.</summary>
    public static string Name(ushort id) => id switch
    {
        HeaderTableSize => "SETTINGS_HEADER_TABLE_SIZE",
        EnablePush => "SETTINGS_ENABLE_PUSH",
        MaxConcurrentStreams => "SETTINGS_MAX_CONCURRENT_STREAMS",
        InitialWindowSize => "SETTINGS_INITIAL_WINDOW_SIZE",
        MaxFrameSize => "SETTINGS_MAX_FRAME_SIZE",
        MaxHeaderListSize => "SETTINGS_MAX_HEADER_LIST_SIZE",
        EnableConnectProtocol => "SETTINGS_ENABLE_CONNECT_PROTOCOL",
        _ => $"0x{id:X4}",
    };
}
