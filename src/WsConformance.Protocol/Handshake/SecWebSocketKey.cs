using System.Security.Cryptography;
using System.Text;

namespace WsConformance.Protocol.Handshake;

/// <summary>
/// The Sec-WebSocket-Key nonce and the Sec-WebSocket-Accept value derived from it (RFC 6455 §4.1, §4.2.2).
/// </summary>
public static class SecWebSocketKey
{
    /// <summary>The GUID the server appends to the key before hashing (RFC 6455 §1.3).</summary>
    public const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>"The nonce MUST be a randomly selected 16-byte value" (RFC 6455 §4.1).</summary>
    public const int NonceLength = 16;

    /// <summary>A fresh key: 16 random bytes, base64-encoded (24 characters).</summary>
    public static string Generate()
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        RandomNumberGenerator.Fill(nonce);
        return Convert.ToBase64String(nonce);
    }

    /// <summary>
    /// base64(SHA-1(key + GUID)). The key is used exactly as sent, without trimming, because the server
    /// hashes the header value it received.
    /// </summary>
    public static string ComputeAccept(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var input = Encoding.Latin1.GetBytes(key + AcceptGuid);
#pragma warning disable CA5350 // SHA-1 is what RFC 6455 prescribes here; it is a fingerprint, not a security measure.
        return Convert.ToBase64String(SHA1.HashData(input));
#pragma warning restore CA5350
    }
}
