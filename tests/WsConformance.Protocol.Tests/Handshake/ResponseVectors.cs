using System.Text;

namespace WsConformance.Protocol.Tests.Handshake;

/// <summary>Response byte vectors shared by the parser tests; text is Latin-1 so "\u00e9" is the single octet 0xE9.</summary>
public static class ResponseVectors
{
    public const string Switching = "HTTP/1.1 101 Switching Protocols\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";

    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>Response text, status code, reason phrase, header count.</summary>
    public static TheoryData<string, int, string, int> Valid => new()
    {
        { Switching, 101, "Switching Protocols", 3 },
        { "HTTP/1.1 101\r\n\r\n", 101, "", 0 },
        { "HTTP/1.1 101 \r\n\r\n", 101, "", 0 },
        { "HTTP/1.1 101 OK\r\nupgrade:websocket\r\n\r\n", 101, "OK", 1 },
        { "HTTP/1.1 101 OK\r\nUpgrade: \t websocket \t\r\n\r\n", 101, "OK", 1 },
        { "HTTP/1.1 101 OK\r\nX-Empty:\r\nX-Spaces:   \r\n\r\n", 101, "OK", 2 },
        { "HTTP/1.1 101 Caf\u00e9\r\nX-Obs: caf\u00e9\r\n\r\n", 101, "Caf\u00e9", 1 },
        { "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nSec-WebSocket-Version: 13\r\n\r\n", 400, "Bad Request", 2 },
        { "HTTP/1.0 200 OK\r\nServer: x\r\n\r\n", 200, "OK", 1 },
        { "HTTP/1.1 101 S\r\nA: 1\r\na: 2\r\nA: 3, 4\r\n\r\n", 101, "S", 3 },
        { "HTTP/1.1 101 with \"quotes\", tabs\tand: colons\r\nX!#$%&'*+-.^_`|~9: v\r\n\r\n", 101, "with \"quotes\", tabs\tand: colons", 1 },
    };

    public static TheoryData<string> Incomplete => new()
    {
        "",
        "H",
        "HTTP/1.1 101",
        "HTTP/1.1 101 Switching Protocols\r",
        "HTTP/1.1 101 Switching Protocols\r\n",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r",
    };

    public static TheoryData<string> Invalid => new()
    {
        "\r\n",
        "HTTP/1.1 101 OK\n",
        "HTTP/1.1 101 OK\r\nUpgrade: websocket\n",
        "HTTP/1.1 101 OK\r\n\n",
        "HTTP/1.1 101 O\rK\r\n",
        "HTTP/1.1 1O1 OK\r\n",
        "HTTP/1.1 10 OK\r\n",
        "HTTP/1.1 1011 OK\r\n",
        "HTTP/1.1  101 OK\r\n",
        "HTTP/1.1\t101 OK\r\n",
        "http/1.1 101 OK\r\n",
        "HTTPS/1.1 101 OK\r\n",
        "HTTP/11 101 OK\r\n",
        "HTTP/1.x 101 OK\r\n",
        "HTTP/1.1 101 O\u0001K\r\n",
        "HTTP/1.1 101 OK\u007f\r\n",
        "SSH-2.0-OpenSSH_9.6\r\n",
        "HTTP/1.1 101 OK\r\nUpgrade : websocket\r\n",
        "HTTP/1.1 101 OK\r\nUpgrade: websocket\r\n continued\r\n",
        "HTTP/1.1 101 OK\r\n\tfolded\r\n",
        "HTTP/1.1 101 OK\r\n: no name\r\n",
        "HTTP/1.1 101 OK\r\nNo colon\r\n",
        "HTTP/1.1 101 OK\r\nNoColonAtAll\r\n",
        "HTTP/1.1 101 OK\r\nX(y): z\r\n",
        "HTTP/1.1 101 OK\r\nCaf\u00e9: z\r\n",
        "HTTP/1.1 101 OK\r\nX: a\u0000b\r\n",
        "HTTP/1.1 101 OK\r\nX: a\u007fb\r\n",
    };
}
