using System.Globalization;
using System.Text;

namespace WsConformance.Reporting;

/// <summary>
/// Makes any string inert in GitHub-flavoured Markdown: inside a table cell (<see cref="Escape"/>) or as the lines of a
/// fenced code block (<see cref="Fenced"/>).
/// </summary>
internal static class MarkdownText
{
    private const string Punctuation = "\\`*_[]{}()#+-!|~";

    /// <summary>
    /// Markdown punctuation backslash-escaped, &lt; &gt; &amp; as entities (no raw HTML), line breaks as spaces, other
    /// control characters as \uNNNN.
    /// </summary>
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

    /// <summary>
    /// Lines in a fenced code block, shown verbatim (no Markdown, no HTML inside a fence): the fence is one backtick
    /// longer than any run of backticks in the text, so no line can close it, and control characters are \uNNNN.
    /// </summary>
    public static string Fenced(IEnumerable<string> lines)
    {
        var body = string.Join('\n', lines.Select(VisibleLine));
        var fence = new string('`', Math.Max(3, LongestBacktickRun(body) + 1));
        return $"{fence}text\n{body}\n{fence}\n";
    }

    private static string VisibleLine(string line)
    {
        var builder = new StringBuilder(line.Length);
        foreach (var c in line)
        {
            builder.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? $"\\u{(int)c:x4}" : c);
        }

        return builder.ToString();
    }

    private static int LongestBacktickRun(string text)
    {
        var (longest, run) = (0, 0);
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }
}
