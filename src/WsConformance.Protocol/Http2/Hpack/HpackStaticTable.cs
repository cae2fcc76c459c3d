namespace WsConformance.Protocol.Http2.Hpack;

/// <summary>The static table of RFC 7541 Appendix A: indexes 1 to 61.</summary>
public static class HpackStaticTable
{
    /// <summary>Number of entries; dynamic table indexes start after it (§2.3.3).</summary>
    public const int Count = 61;

    private static readonly HeaderField[] Entries =
    [
        new(":authority", ""), new(":method", "GET"), new(":method", "POST"), new(":path", "/"),
        new(":path", "/index.html"), new(":scheme", "http"), new(":scheme", "https"), new(":status", "200"),
        new(":status", "204"), new(":status", "206"), new(":status", "304"), new(":status", "400"),
        new(":status", "404"), new(":status", "500"), new("accept-charset", ""), new("accept-encoding", "gzip, deflate"),
        new("accept-language", ""), new("accept-ranges", ""), new("accept", ""), new("access-control-allow-origin", ""),
        new("age", ""), new("allow", ""), new("authorization", ""), new("cache-control", ""),
        new("content-disposition", ""), new("content-encoding", ""), new("content-language", ""), new("content-length", ""),
        new("content-location", ""), new("content-range", ""), new("content-type", ""), new("cookie", ""),
        new("date", ""), new("etag", ""), new("expect", ""), new("expires", ""),
        new("from", ""), new("host", ""), new("if-match", ""), new("if-modified-since", ""),
        new("if-none-match", ""), new("if-range", ""), new("if-unmodified-since", ""), new("last-modified", ""),
        new("link", ""), new("location", ""), new("max-forwards", ""), new("proxy-authenticate", ""),
        new("proxy-authorization", ""), new("range", ""), new("referer", ""), new("refresh", ""),
        new("retry-after", ""), new("server", ""), new("set-cookie", ""), new("strict-transport-security", ""),
        new("transfer-encoding", ""), new("user-agent", ""), new("vary", ""), new("via", ""),
        new("www-authenticate", ""),
    ];

    /// <summary>The entry at <paramref name="index"/> (1 to 61).</summary>
    public static HeaderField Get(int index) => Entries[index - 1];

    /// <summary>The lowest index whose name and value match, or 0.</summary>
    public static int IndexOf(HeaderField field) => Array.IndexOf(Entries, field) + 1;

    /// <summary>The lowest index whose name matches, or 0.</summary>
    public static int IndexOfName(string name) => Array.FindIndex(Entries, entry => string.Equals(entry.Name, name, StringComparison.Ordinal)) + 1;
}
