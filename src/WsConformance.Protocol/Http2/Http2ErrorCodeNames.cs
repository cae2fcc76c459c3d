namespace WsConformance.Protocol.Http2;

/// <summary>The names RFC 9113 §7 gives the error codes ("PROTOCOL_ERROR"), both ways.</summary>
public static class Http2ErrorCodeNames
{
    /// <summary>Every defined code by its RFC name.</summary>
    public static IReadOnlyDictionary<string, Http2ErrorCode> ByName { get; } = new Dictionary<string, Http2ErrorCode>(StringComparer.Ordinal)
    {
        ["NO_ERROR"] = Http2ErrorCode.NoError,
        ["PROTOCOL_ERROR"] = Http2ErrorCode.ProtocolError,
        ["INTERNAL_ERROR"] = Http2ErrorCode.InternalError,
        ["FLOW_CONTROL_ERROR"] = Http2ErrorCode.FlowControlError,
        ["SETTINGS_TIMEOUT"] = Http2ErrorCode.SettingsTimeout,
        ["STREAM_CLOSED"] = Http2ErrorCode.StreamClosed,
        ["FRAME_SIZE_ERROR"] = Http2ErrorCode.FrameSizeError,
        ["REFUSED_STREAM"] = Http2ErrorCode.RefusedStream,
        ["CANCEL"] = Http2ErrorCode.Cancel,
        ["COMPRESSION_ERROR"] = Http2ErrorCode.CompressionError,
        ["CONNECT_ERROR"] = Http2ErrorCode.ConnectError,
        ["ENHANCE_YOUR_CALM"] = Http2ErrorCode.EnhanceYourCalm,
        ["INADEQUATE_SECURITY"] = Http2ErrorCode.InadequateSecurity,
        ["HTTP_1_1_REQUIRED"] = Http2ErrorCode.Http11Required,
    };

    /// <summary>The RFC's name of <paramref name="code"/>, or its number when it is not defined.</summary>
    public static string Name(Http2ErrorCode code) =>
        ByName.FirstOrDefault(pair => pair.Value == code).Key ?? $"error code 0x{(uint)code:X}";
}
