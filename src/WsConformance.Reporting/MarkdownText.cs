using System.Globalization;
using System.Text;

namespace WsConformance.Reporting;

/// <summary>
/// Makes any string inert inside a GitHub-flavoured Markdown table cell: Markdown punctuation is backslash-escaped,
/// &lt; &gt; &amp; become entities (no raw HTML), line breaks become spaces, other control characters \uNNNN.
/// </summary>
internal static class MarkdownText
{
    private const string Punctuation = "\\`*_[]{}()#+-!|~";

    public static string Escape(string? text, int maxLength = 300)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 16);
        foreach (var c in text.Length > maxLength ? text[..maxLength] : text)
        {
            switch (c)
            {
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '&': builder.Append("&amp;"); break;
                case '\r' or '\n' or '\t': builder.Append(' '); break;
                case var _ when Punctuation.Contains(c, StringComparison.Ordinal): builder.Append('\\').Append(c); break;
                case var _ when char.IsControl(c) || c is '\u2028' or '\u2029': builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: builder.Append(c); break;
            }
        }

        return text.Length > maxLength ? builder.Append('…').ToString() : builder.ToString();
    }
}
