using System.Text;

namespace WsConformance.Protocol.Handshake;

/// <summary>Character classes and small helpers from RFC 9110 §5.6 / RFC 9112 used by the handshake codec.</summary>
internal static class HttpSyntax
{
    public const byte CarriageReturn = (byte)'\r';
    public const byte LineFeed = (byte)'\n';
    public const byte Space = (byte)' ';
    public const byte HorizontalTab = (byte)'\t';
    public const byte Colon = (byte)':';

    public const string LineEnd = "\r\n";

    /// <summary>HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3): always eight bytes.</summary>
    public const int HttpVersionLength = 8;

    private const string TokenSymbols = "!#$%&'*+-.^_`|~";
    private const int DescribedLineMaxLength = 80;

    /// <summary>tchar = "!" / "#" / "$" / "%" / "&amp;" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.</summary>
    public static bool IsTokenChar(byte value) =>
        value is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
        || (value < 0x80 && TokenSymbols.Contains((char)value, StringComparison.Ordinal));

    /// <summary>field-vchar / SP / HTAB, where field-vchar = VCHAR / obs-text (RFC 9110 §5.5).</summary>
    public static bool IsFieldValueChar(byte value) =>
        value is Space or HorizontalTab or (>= 0x21 and <= 0x7E) or >= 0x80;

    /// <summary>field-name = token = 1*tchar.</summary>
    public static bool IsToken(ReadOnlySpan<byte> bytes)
    {
        foreach (var value in bytes)
        {
            if (!IsTokenChar(value))
            {
                return false;
            }
        }

        return !bytes.IsEmpty;
    }

    /// <summary>Every byte is allowed in a field value (or a reason phrase, which has the same alphabet).</summary>
    public static bool IsFieldValue(ReadOnlySpan<byte> bytes)
    {
        foreach (var value in bytes)
        {
            if (!IsFieldValueChar(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>HTTP-version = HTTP-name "/" DIGIT "." DIGIT, HTTP-name = %s"HTTP" (case-sensitive, RFC 9112 §2.3).</summary>
    public static bool IsHttpVersion(ReadOnlySpan<byte> version) =>
        version.Length == HttpVersionLength && version.StartsWith("HTTP/"u8)
        && char.IsAsciiDigit((char)version[5]) && version[6] == (byte)'.' && char.IsAsciiDigit((char)version[7]);

    /// <summary>Removes optional whitespace (SP / HTAB) at both ends.</summary>
    public static string TrimOptionalWhitespace(string value) => value.Trim(' ', '\t');

    /// <summary>Comma-separated list elements (RFC 9110 §5.6.1), trimmed, empty elements dropped.</summary>
    public static IEnumerable<string> SplitList(string value)
    {
        foreach (var element in value.Split(','))
        {
            var trimmed = TrimOptionalWhitespace(element);
            if (trimmed.Length > 0)
            {
                yield return trimmed;
            }
        }
    }

    /// <summary>The extension name of one Sec-WebSocket-Extensions element: the part before its parameters.</summary>
    public static string ExtensionName(string element)
    {
        var parametersStart = element.IndexOf(';', StringComparison.Ordinal);
        return parametersStart < 0 ? element : TrimOptionalWhitespace(element[..parametersStart]);
    }

    /// <summary>Bytes as text, one char per octet, as HTTP/1.1 header blocks are read here.</summary>
    public static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>A quoted, escaped, shortened rendering of a line for violation details.</summary>
    public static string Describe(ReadOnlySpan<byte> line)
    {
        var shown = line.Length > DescribedLineMaxLength ? line[..DescribedLineMaxLength] : line;
        var text = new StringBuilder("\"");
        foreach (var value in shown)
        {
            text.Append(value is >= 0x20 and < 0x7F ? ((char)value).ToString() : $"\\x{value:X2}");
        }

        return text.Append(line.Length > DescribedLineMaxLength ? "\"…" : "\"").ToString();
    }
}
