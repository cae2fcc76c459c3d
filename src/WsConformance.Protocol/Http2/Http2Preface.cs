namespace WsConformance.Protocol.Http2;

/// <summary>What <see cref="Http2Preface.Match"/> found at the start of a client's bytes.</summary>
public enum PrefaceMatch
{
    /// <summary>All 24 bytes of the preface are there.</summary>
    Complete,

    /// <summary>The bytes so far agree with the preface, but it is not complete yet.</summary>
    NeedMoreData,

    /// <summary>The bytes differ from the preface: not HTTP/2 with prior knowledge (RFC 9113 §3.4).</summary>
    Mismatch,
}

/// <summary>The client connection preface (RFC 9113 §3.4), which a SETTINGS frame must follow.</summary>
public static class Http2Preface
{
    /// <summary>Length of <see cref="Client"/>.</summary>
    public const int Length = 24;

    /// <summary>"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n": chosen so that HTTP/1.1 servers reject it as a request.</summary>
    public static ReadOnlySpan<byte> Client => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    /// <summary>Compares the start of a server's received bytes with the preface.</summary>
    public static PrefaceMatch Match(ReadOnlySpan<byte> received)
    {
        int compared = Math.Min(received.Length, Length);
        if (!received[..compared].SequenceEqual(Client[..compared]))
        {
            return PrefaceMatch.Mismatch;
        }

        return compared == Length ? PrefaceMatch.Complete : PrefaceMatch.NeedMoreData;
    }
}
