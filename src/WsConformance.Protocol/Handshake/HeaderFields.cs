namespace WsConformance.Protocol.Handshake;

/// <summary>
/// Lookups and edits on an ordered header list that the request, response and builder types share. Field names
/// compare ASCII case-insensitively (RFC 9110 §5.1).
/// </summary>
internal static class HeaderFields
{
    public static bool IsNamed(KeyValuePair<string, string> header, string name) =>
        string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Values of every header named <paramref name="name"/>, in order.</summary>
    public static IEnumerable<string> Values(IEnumerable<KeyValuePair<string, string>> headers, string name) =>
        headers.Where(header => IsNamed(header, name)).Select(header => header.Value);

    /// <summary>Comma-separated elements of every header named <paramref name="name"/>, trimmed, empty ones dropped.</summary>
    public static IReadOnlyList<string> Tokens(IEnumerable<KeyValuePair<string, string>> headers, string name) =>
        Values(headers, name).SelectMany(HttpSyntax.SplitList).ToList();

    /// <summary>The values of <paramref name="name"/> joined by " | " for violation details; "(missing)" when none.</summary>
    public static string Shown(IEnumerable<KeyValuePair<string, string>> headers, string name)
    {
        var values = Values(headers, name).ToList();
        return values.Count == 0 ? "(missing)" : string.Join(" | ", values);
    }

    /// <summary>Index of the first header named <paramref name="name"/> at or after <paramref name="start"/>; -1 when none.</summary>
    public static int IndexOf(IList<KeyValuePair<string, string>> headers, string name, int start)
    {
        for (var index = start; index < headers.Count; index++)
        {
            if (IsNamed(headers[index], name))
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>Replaces the first header named <paramref name="name"/> in place and drops the others; appends when there is none.</summary>
    public static void Set(IList<KeyValuePair<string, string>> headers, string name, string value)
    {
        var header = new KeyValuePair<string, string>(name, value);
        var first = IndexOf(headers, name, 0);
        if (first < 0)
        {
            headers.Add(header);
            return;
        }

        headers[first] = header;
        Remove(headers, name, first + 1);
    }

    /// <summary>Removes every header named <paramref name="name"/> at or after <paramref name="start"/>.</summary>
    public static void Remove(IList<KeyValuePair<string, string>> headers, string name, int start = 0)
    {
        for (var index = IndexOf(headers, name, start); index >= 0; index = IndexOf(headers, name, index))
        {
            headers.RemoveAt(index);
        }
    }
}
