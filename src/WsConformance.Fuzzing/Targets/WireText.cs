using System.Globalization;
using System.Text;

namespace WsConformance.Fuzzing.Targets;

/// <summary>Shows text read off the wire (one char per octet) safely: printable ASCII as is, every other octet as \xNN.</summary>
internal static class WireText
{
    private const char FirstPrintable = ' ';
    private const char LastPrintable = '~';

    /// <summary>The text in quotes, with quotes, backslashes and non-printable octets escaped.</summary>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (char c in text)
        {
            if (c is >= FirstPrintable and <= LastPrintable and not '"' and not '\\')
            {
                quoted.Append(c);
            }
            else
            {
                quoted.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            }
        }

        return quoted.Append('"').ToString();
    }
}
