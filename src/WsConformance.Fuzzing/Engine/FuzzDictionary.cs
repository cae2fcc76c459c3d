using System.Globalization;
using System.Text;

namespace WsConformance.Fuzzing.Engine;

/// <summary>Reads AFL/libFuzzer dictionaries: one <c>name="bytes"</c> (or <c>"bytes"</c>) per line, <c>\xNN</c>, <c>\\</c> and <c>\"</c> escapes, # comments.</summary>
public static class FuzzDictionary
{
    /// <summary>The tokens of the dictionary file at <paramref name="path"/>.</summary>
    public static IReadOnlyList<byte[]> Load(string path) => Parse(File.ReadAllLines(path));

    /// <summary>The tokens of dictionary lines; lines that are not entries are rejected with their number.</summary>
    public static IReadOnlyList<byte[]> Parse(IEnumerable<string> lines)
    {
        var tokens = new List<byte[]>();
        int number = 0;
        foreach (string raw in lines)
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            int open = line.IndexOf('"', StringComparison.Ordinal);
            if (open < 0 || !line.EndsWith('"') || line.Length - open < 2)
            {
                throw new FormatException($"Dictionary line {number} is not name=\"bytes\": {raw}");
            }

            tokens.Add(Unescape(line.AsSpan(open + 1, line.Length - open - 2), number));
        }

        return tokens;
    }

    private static byte[] Unescape(ReadOnlySpan<char> text, int lineNumber)
    {
        var bytes = new List<byte>(text.Length);
        for (int index = 0; index < text.Length; index++)
        {
            char c = text[index];
            if (c != '\\')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
            else if (index + 3 < text.Length && text[index + 1] == 'x'
                && byte.TryParse(text.Slice(index + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out byte value))
            {
                bytes.Add(value);
                index += 3;
            }
            else if (index + 1 < text.Length && text[index + 1] is '\\' or '"')
            {
                bytes.Add((byte)text[++index]);
            }
            else
            {
                throw new FormatException($"Dictionary line {lineNumber} has a bad escape at column {index + 1}.");
            }
        }

        return bytes.ToArray();
    }
}
