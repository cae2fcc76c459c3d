namespace WsConformance.Protocol.Http2.Hpack;

/// <summary>
/// One header field. HPACK names and values are octet strings; they are held as strings of Latin-1 characters,
/// one character per octet, so any octet survives decoding and re-encoding unchanged.
/// </summary>
/// <param name="Name">The field name (lower case in HTTP/2, not enforced here).</param>
/// <param name="Value">The field value.</param>
public readonly record struct HeaderField(string Name, string Value)
{
    /// <summary>The per-entry overhead RFC 7541 §4.1 adds to an entry's size.</summary>
    public const int EntryOverhead = 32;

    /// <summary>The entry's size in a dynamic table: name octets + value octets + 32 (§4.1).</summary>
    public long Size => (long)Name.Length + Value.Length + EntryOverhead;

    /// <summary>"name: value".</summary>
    public override string ToString() => $"{Name}: {Value}";
}

/// <summary>How a field was represented in a header block (RFC 7541 §6).</summary>
public enum HpackRepresentation
{
    /// <summary>An index into the static or dynamic table (§6.1).</summary>
    Indexed,

    /// <summary>A literal added to the dynamic table (§6.2.1).</summary>
    LiteralWithIndexing,

    /// <summary>A literal not added to the dynamic table (§6.2.2).</summary>
    LiteralWithoutIndexing,

    /// <summary>A literal that no intermediary may ever index (§6.2.3), e.g. a credential.</summary>
    LiteralNeverIndexed,
}

/// <summary>A decoded field and the representation it arrived in.</summary>
/// <param name="Field">The field.</param>
/// <param name="Representation">How it was represented.</param>
public readonly record struct HpackDecodedField(HeaderField Field, HpackRepresentation Representation);
