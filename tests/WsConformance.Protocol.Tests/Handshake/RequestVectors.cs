namespace WsConformance.Protocol.Tests.Handshake;

/// <summary>Request byte vectors shared by the server-side tests; text is Latin-1 so "\u00e9" is the single octet 0xE9.</summary>
public static class RequestVectors
{
    public const string Key = "dGhlIHNhbXBsZSBub25jZQ==";
    public const string Accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    /// <summary>RFC 6455 §1.2's example request, without Origin, Sec-WebSocket-Protocol.</summary>
    public const string Upgrade = "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + $"Sec-WebSocket-Key: {Key}\r\nSec-WebSocket-Version: 13\r\n\r\n";

    /// <summary>Request text, method, target, HTTP version, header count.</summary>
    public static TheoryData<string, string, string, string, int> Valid => new()
    {
        { Upgrade, "GET", "/chat", "HTTP/1.1", 5 },
        { "GET / HTTP/1.1\r\n\r\n", "GET", "/", "HTTP/1.1", 0 },
        { "GET /runCase?case=3&agent=ws HTTP/1.1\r\nHost: 127.0.0.1:9001\r\n\r\n", "GET", "/runCase?case=3&agent=ws", "HTTP/1.1", 1 },
        { "POST /x HTTP/1.0\r\nContent-Length: 0\r\n\r\n", "POST", "/x", "HTTP/1.0", 1 },
        { "get ws://example.com/chat HTTP/2.0\r\nhost:example.com\r\n\r\n", "get", "ws://example.com/chat", "HTTP/2.0", 1 },
        { "OPTIONS * HTTP/1.1\r\nX-Empty:\r\nX-Spaces:   \r\n\r\n", "OPTIONS", "*", "HTTP/1.1", 2 },
        { "CONNECT 127.0.0.1:443 HTTP/1.1\r\n\r\n", "CONNECT", "127.0.0.1:443", "HTTP/1.1", 0 },
        { "GET wss+x.1://h HTTP/1.1\r\n\r\n", "GET", "wss+x.1://h", "HTTP/1.1", 0 },
        { "GET /%C3%A9?a=%20+b HTTP/1.1\r\nX-Obs: caf\u00e9\r\nUpgrade: \t websocket \t\r\n\r\n", "GET", "/%C3%A9?a=%20+b", "HTTP/1.1", 2 },
        { "X!#$%&'*+-.^_`|~9 /\"{}\" HTTP/1.1\r\nA: 1\r\na: 2\r\nA: 3, 4\r\n\r\n", "X!#$%&'*+-.^_`|~9", "/\"{}\"", "HTTP/1.1", 3 },
    };

    public static TheoryData<string> Incomplete => new()
    {
        "",
        "G",
        "GET /chat HTTP/1.1",
        "GET /chat HTTP/1.1\r",
        "GET /chat HTTP/1.1\r\n",
        "GET /chat HTTP/1.1\r\nHost: a",
        "GET /chat HTTP/1.1\r\nHost: a\r\n",
        "GET /chat HTTP/1.1\r\nHost: a\r\n\r",
    };

    /// <summary>Requests whose request line or a header line breaks RFC 9112.</summary>
    public static TheoryData<string> Invalid => new()
    {
        "\r\n",
        "GET / HTTP/1.1\n",
        "GET / HTTP/1.1\r\nHost: a\n",
        "GET / HTTP/1.1\r\n\n",
        "GET /a\rb HTTP/1.1\r\n",
        "GET  / HTTP/1.1\r\n",
        "GET /  HTTP/1.1\r\n",
        "GET / HTTP/1.1 \r\n",
        " GET / HTTP/1.1\r\n",
        "GET\t/ HTTP/1.1\r\n",
        "GET /\tHTTP/1.1\r\n",
        "GET / http/1.1\r\n",
        "GET / HTTP/1.11\r\n",
        "GET / HTTP/11\r\n",
        "GET / HTTPS/1.1\r\n",
        "GET /\r\n",
        "GET\r\n",
        "GE(T / HTTP/1.1\r\n",
        "GET /caf\u00e9 HTTP/1.1\r\n",
        "GET /a\u007f HTTP/1.1\r\n",
        "GET /a\u0000 HTTP/1.1\r\n",
        "GET ?a HTTP/1.1\r\n",
        "GET ? HTTP/1.1\r\n",
        "GET % HTTP/1.1\r\n",
        "GET chat HTTP/1.1\r\n",
        "GET :80 HTTP/1.1\r\n",
        "GET 1ws://example.com/ HTTP/1.1\r\n",
        "GET w_s://example.com/ HTTP/1.1\r\n",
        "GET 127.0.0.1:80 HTTP/1.1\r\n",
        "HTTP/1.1 101 Switching Protocols\r\n",
        "GET / HTTP/1.1\r\nHost : a\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n",
        "GET / HTTP/1.1\r\n: no name\r\n",
        "GET / HTTP/1.1\r\nNoColonAtAll\r\n",
        "GET / HTTP/1.1\r\nCaf\u00e9: z\r\n",
        "GET / HTTP/1.1\r\nX: a\u0000b\r\n",
    };
}
