namespace WsConformance.Protocol.Handshake;

/// <summary>Header names used by the WebSocket opening handshake, spelled as RFC 6455 §4 writes them.</summary>
public static class HeaderNames
{
    public const string Host = "Host";
    public const string Upgrade = "Upgrade";
    public const string Connection = "Connection";
    public const string SecWebSocketKey = "Sec-WebSocket-Key";
    public const string SecWebSocketVersion = "Sec-WebSocket-Version";
    public const string SecWebSocketProtocol = "Sec-WebSocket-Protocol";
    public const string SecWebSocketExtensions = "Sec-WebSocket-Extensions";
    public const string SecWebSocketAccept = "Sec-WebSocket-Accept";
    public const string Origin = "Origin";
    public const string UserAgent = "User-Agent";
}
