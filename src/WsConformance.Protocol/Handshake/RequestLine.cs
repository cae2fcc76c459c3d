using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace WsConformance.Protocol.Handshake;

/// <summary>
/// request-line = method SP request-target SP HTTP-version (RFC 9112 §3), with method = token and the target a
/// non-empty run of visible ASCII in one of the four forms of RFC 9112 §3.2. Within a form the characters are taken
/// leniently (e.g. "{" in a path), as servers do; the form itself is not, as a target like "?a" names no resource.
/// </summary>
internal sealed record RequestLine(string Method, string Target, string HttpVersion)
{
    /// <summary>scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3986 §3.1), after its first letter.</summary>
    private static readonly SearchValues<byte> SchemeTail =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-."u8);

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
        if (targetEnd <= 0 || afterMethod[..targetEnd].ContainsAnyExceptInRange((byte)'!', (byte)'~')
            || !HasTargetForm(line[..methodEnd], afterMethod[..targetEnd]))
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

    /// <summary>
    /// origin-form ("/" path [ "?" query ]), asterisk-form ("*"), absolute-form (scheme ":" …), or authority-form
    /// (host ":" port), which only CONNECT uses (RFC 9112 §3.2.3) and which may start with a digit.
    /// </summary>
    private static bool HasTargetForm(ReadOnlySpan<byte> method, ReadOnlySpan<byte> target)
    {
        if (target[0] == (byte)'/' || target.SequenceEqual("*"u8) || method.SequenceEqual("CONNECT"u8))
        {
            return true;
        }

        var schemeEnd = target.IndexOf((byte)':');
        return schemeEnd > 0 && char.IsAsciiLetter((char)target[0]) && !target[1..schemeEnd].ContainsAnyExcept(SchemeTail);
    }
}
