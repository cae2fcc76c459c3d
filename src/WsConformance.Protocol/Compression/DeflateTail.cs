namespace WsConformance.Protocol.Compression;

/// <summary>The four octets an empty stored block ends with; RFC 7692 §7.2.1 strips them, §7.2.2 appends them.</summary>
public static class DeflateTail
{
    /// <summary>0x00 0x00 0xff 0xff.</summary>
    public static ReadOnlySpan<byte> Bytes => [0x00, 0x00, 0xff, 0xff];
}
