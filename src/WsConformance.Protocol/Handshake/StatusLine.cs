using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace WsConformance.Protocol.Handshake;

/// <summary>
/// status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4). The SP after the status code
/// is accepted as optional, since common servers omit it with an empty reason phrase.
/// </summary>
internal sealed record StatusLine(string HttpVersion, int StatusCode, string ReasonPhrase)
{
    private const int VersionLength = HttpSyntax.HttpVersionLength;
    private const int StatusCodeLength = 3;

    public static bool TryParse(ReadOnlySpan<byte> line, [NotNullWhen(true)] out StatusLine? statusLine)
    {
        statusLine = null;
        if (line.Length < VersionLength + 1 + StatusCodeLength || !HttpSyntax.IsHttpVersion(line[..VersionLength]) || line[VersionLength] != HttpSyntax.Space)
        {
            return false;
        }

        var code = line.Slice(VersionLength + 1, StatusCodeLength);
        if (code.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return false;
        }

        var rest = line[(VersionLength + 1 + StatusCodeLength)..];
        if (!rest.IsEmpty && (rest[0] != HttpSyntax.Space || !HttpSyntax.IsFieldValue(rest[1..])))
        {
            return false;
        }

        var statusCode = ((code[0] - '0') * 100) + ((code[1] - '0') * 10) + (code[2] - '0');
        var reason = rest.IsEmpty ? string.Empty : Encoding.Latin1.GetString(rest[1..]);
        statusLine = new StatusLine(Encoding.Latin1.GetString(line[..VersionLength]), statusCode, reason);
        return true;
    }
}
