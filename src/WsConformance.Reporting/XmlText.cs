using System.Globalization;
using System.Text;

namespace WsConformance.Reporting;

/// <summary>
/// Makes any string legal XML 1.0 character data: characters XML cannot carry (C0 controls other than tab, LF
/// and CR, U+FFFE/U+FFFF, lone surrogates) become visible <c>\xNN</c> / <c>\uNNNN</c> escapes, instead of
/// an exception from XmlWriter or an unreadable file.
/// </summary>
internal static class XmlText
{
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pairOk = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var legal = pairOk || (c >= 0x20 && !char.IsSurrogate(c) && c is not '\uFFFE' and not '\uFFFF') || c is '\t' or '\n' or '\r';
            if (legal && builder is null)
            {
                i += pairOk ? 1 : 0;
                continue;
            }

            builder ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
            if (pairOk)
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (legal)
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(c < 0x100 ? $"\\x{(int)c:x2}" : $"\\u{((int)c).ToString("x4", CultureInfo.InvariantCulture)}");
            }
        }

        return builder?.ToString() ?? text;
    }
}
