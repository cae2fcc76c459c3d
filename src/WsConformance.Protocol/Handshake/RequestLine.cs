using System.Diagnostics.CodeAnalysis;

namespace WsConformance.Protocol.Handshake;

/// <summary>
/// request-line = method SP request-target SP HTTP-version (RFC 9112 §3), with method = token and the target a
/// non-empty run of visible ASCII (every form of RFC 9112 §3.2 is made of those; none contains whitespace).
/// </summary>
internal sealed record RequestLine(string Method, string Target, string HttpVersion)
{
    public static bool TryParse(ReadOnlySpan<byte> line, [NotNullWhen(true)] out RequestLine? requestLine)
    {
        requestLine = null;
        var methodEnd = line.IndexOf(HttpSyntax.Space);
        if (methodEnd <= 0 || !HttpSyntax.IsToken(line[..methodEnd]))
        {
            return false;
        }

        var afterMethod = line[(methodEnd + 1)..];
        var targetEnd = afterMethod.IndexOf(HttpSyntax.Space);
        if (targetEnd <= 0 || afterMethod[..targetEnd].ContainsAnyExceptInRange((byte)'!', (byte)'~'))
        {
            return false;
        }

        var version = afterMethod[(targetEnd + 1)..];
        if (!HttpSyntax.IsHttpVersion(version))
        {
            return false;
        }

        requestLine = new RequestLine(HttpSyntax.Latin1(line[..methodEnd]), HttpSyntax.Latin1(afterMethod[..targetEnd]),
            HttpSyntax.Latin1(version));
        return true;
    }
}
