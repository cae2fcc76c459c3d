using System.Text;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Protocol.Compression;

/// <summary>One extension parameter: a name, and a value unless it is a bare flag.</summary>
/// <param name="Value">The value with quotes and escapes removed; null when the parameter has no "=".</param>
public sealed record ExtensionParameter(string Name, string? Value);

/// <summary>One element of a Sec-WebSocket-Extensions list: an extension name and its parameters, in order.</summary>
public sealed record ExtensionElement(string Name, IReadOnlyList<ExtensionParameter> Parameters)
{
    /// <summary>The element as header text, e.g. <c>permessage-deflate; server_max_window_bits=10</c>.</summary>
    public string ToHeaderText()
    {
        var text = new StringBuilder(Name);
        foreach (var parameter in Parameters)
        {
            text.Append("; ").Append(parameter.Name);
            if (parameter.Value is { } value)
            {
                text.Append('=').Append(value);
            }
        }

        return text.ToString();
    }
}

/// <summary>The elements of one or more Sec-WebSocket-Extensions headers, and what broke the grammar.</summary>
/// <param name="Errors">Syntax errors; an element with an error is left out of <paramref name="Elements"/>.</param>
public sealed record ExtensionList(IReadOnlyList<ExtensionElement> Elements, IReadOnlyList<string> Errors);

/// <summary>
/// Parses Sec-WebSocket-Extensions (RFC 6455 §9.1): <c>extension-list = 1#extension</c>,
/// <c>extension = extension-token *( ";" extension-param )</c>, <c>extension-param = token [ "=" (token | quoted-string) ]</c>,
/// where a quoted value, once unescaped, must itself be a token. Several headers form one list, in order.
/// </summary>
public static class ExtensionHeader
{
    private const char Quote = '"';
    private const char Escape = '\\';

    public static ExtensionList Parse(IEnumerable<string> headerValues)
    {
        var elements = new List<ExtensionElement>();
        var errors = new List<string>();
        foreach (var value in headerValues)
        {
            var cursor = new Cursor(value);
            while (cursor.SkipToNextElement())
            {
                var element = ParseElement(ref cursor, out var error);
                if (element is not null)
                {
                    elements.Add(element);
                }
                else
                {
                    errors.Add($"{error} in \"{value}\"");
                    cursor.SkipPast(',');
                }
            }
        }

        return new ExtensionList(elements, errors);
    }

    /// <summary>Parses one header value.</summary>
    public static ExtensionList Parse(string headerValue) => Parse([headerValue]);

    private static ExtensionElement? ParseElement(ref Cursor cursor, out string error)
    {
        var name = cursor.ReadToken();
        if (name.Length == 0)
        {
            error = $"an extension name (token) is expected at offset {cursor.Offset}";
            return null;
        }

        var parameters = new List<ExtensionParameter>();
        while (true)
        {
            cursor.SkipWhitespace();
            if (cursor.AtEnd || cursor.Peek == ',')
            {
                error = "";
                return new ExtensionElement(name, parameters);
            }

            if (cursor.Peek != ';')
            {
                error = $"';' or ',' is expected at offset {cursor.Offset}";
                return null;
            }

            cursor.Advance();
            var parameter = ParseParameter(ref cursor, out error);
            if (parameter is null)
            {
                return null;
            }

            parameters.Add(parameter);
        }
    }

    private static ExtensionParameter? ParseParameter(ref Cursor cursor, out string error)
    {
        cursor.SkipWhitespace();
        var name = cursor.ReadToken();
        error = "";
        if (name.Length == 0)
        {
            error = $"a parameter name (token) is expected at offset {cursor.Offset}";
            return null;
        }

        cursor.SkipWhitespace();
        if (cursor.AtEnd || cursor.Peek != '=')
        {
            return new ExtensionParameter(name, null);
        }

        cursor.Advance();
        cursor.SkipWhitespace();
        var value = !cursor.AtEnd && cursor.Peek == Quote ? cursor.ReadQuotedString() : cursor.ReadToken();
        if (value is null || value.Length == 0 || !IsToken(value))
        {
            error = $"the value of parameter \"{name}\" is not a token or a quoted token";
            return null;
        }

        return new ExtensionParameter(name, value);
    }

    private static bool IsToken(string text) => text.All(c => c < 0x80 && HttpSyntax.IsTokenChar((byte)c));

    /// <summary>A position in one header value.</summary>
    private ref struct Cursor(string text)
    {
        private readonly string _text = text;

        public int Offset { get; private set; }

        public readonly bool AtEnd => Offset >= _text.Length;

        public readonly char Peek => _text[Offset];

        public void Advance() => Offset++;

        public void SkipWhitespace()
        {
            while (!AtEnd && Peek is ' ' or '\t')
            {
                Offset++;
            }
        }

        /// <summary>Skips whitespace and empty list elements (RFC 9110 §5.6.1); false at the end of the value.</summary>
        public bool SkipToNextElement()
        {
            while (!AtEnd && Peek is ' ' or '\t' or ',')
            {
                Offset++;
            }

            return !AtEnd;
        }

        public void SkipPast(char separator)
        {
            var inQuotes = false;
            while (!AtEnd && (inQuotes || Peek != separator))
            {
                inQuotes ^= Peek == Quote;
                Offset++;
            }
        }

        public string ReadToken()
        {
            var start = Offset;
            while (!AtEnd && Peek < 0x80 && HttpSyntax.IsTokenChar((byte)Peek))
            {
                Offset++;
            }

            return _text[start..Offset];
        }

        /// <summary>quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE; null when the closing quote is missing.</summary>
        public string? ReadQuotedString()
        {
            var value = new StringBuilder();
            Offset++;
            while (!AtEnd)
            {
                var c = Peek;
                Offset++;
                if (c == Quote)
                {
                    return value.ToString();
                }

                if (c == Escape)
                {
                    if (AtEnd)
                    {
                        return null;
                    }

                    c = Peek;
                    Offset++;
                }

                value.Append(c);
            }

            return null;
        }
    }
}
