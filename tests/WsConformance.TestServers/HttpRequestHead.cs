using System.Net.Sockets;
using System.Text;

namespace WsConformance.TestServers;

/// <summary>The request line and header fields of an HTTP/1.1 request, as read by a test server.</summary>
/// <param name="Method">The method token, e.g. "GET".</param>
/// <param name="Target">The request target, e.g. "/".</param>
/// <param name="Version">The HTTP version, e.g. "HTTP/1.1".</param>
/// <param name="Headers">Header fields in order; names keep their case.</param>
public sealed record HttpRequestHead(string Method, string Target, string Version, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>The most bytes a request head may take; a longer one is refused.</summary>
    public const int MaxLength = 16 * 1024;

    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    /// <summary>All values of a header (field names are case-insensitive, RFC 2616 §4.2).</summary>
    public IEnumerable<string> Values(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    /// <summary>The comma-separated elements of every value of a header, trimmed, empty ones dropped.</summary>
    public IEnumerable<string> ListElements(string name) =>
        Values(name).SelectMany(v => v.Split(',')).Select(e => e.Trim(' ', '\t')).Where(e => e.Length > 0);

    /// <summary>
    /// Reads up to the blank line that ends the head. Returns null when the peer closed first, the head is
    /// longer than <see cref="MaxLength"/> or is not a request line plus header fields. Bytes read past the
    /// head are returned in <c>Leftover</c> (a client may send frames right behind its request).
    /// </summary>
    public static async Task<(HttpRequestHead? Head, byte[] Leftover)> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxLength];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                return (null, []);
            }

            filled += read;
            var end = buffer.AsSpan(0, filled).IndexOf(HeadEnd);
            if (end >= 0)
            {
                var leftover = buffer.AsSpan(end + HeadEnd.Length, filled - end - HeadEnd.Length).ToArray();
                return (Parse(Encoding.Latin1.GetString(buffer, 0, end)), leftover);
            }
        }

        return (null, []);
    }

    /// <summary>Parses the head text without its final blank line; null if it is malformed.</summary>
    public static HttpRequestHead? Parse(string head)
    {
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine.Any(part => part.Length == 0))
        {
            return null;
        }

        var headers = new List<KeyValuePair<string, string>>(lines.Length - 1);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0 || line[..colon].Any(c => c is ' ' or '\t'))
            {
                return null;
            }

            headers.Add(new(line[..colon], line[(colon + 1)..].Trim(' ', '\t')));
        }

        return new HttpRequestHead(requestLine[0], requestLine[1], requestLine[2], headers);
    }
}
