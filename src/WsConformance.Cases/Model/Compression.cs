namespace WsConformance.Cases.Model;

/// <summary>
/// The permessage-deflate negotiation a case asks for (RFC 7692). The offers go into one
/// Sec-WebSocket-Extensions header, in order; once the server accepts one, the harness compresses every message
/// it sends with <c>send_message</c> or <c>echo_rounds</c> with the agreed parameters and inflates the server's.
/// </summary>
/// <param name="Offers">Each offer's header text, e.g. <c>permessage-deflate; client_max_window_bits</c>, written as is (invalid ones too).</param>
/// <param name="WhenDeclined">
/// The verdict when the server answers without permessage-deflate: the harness then closes normally at once,
/// without running the steps (Autobahn's UNIMPLEMENTED for 12.x/13.x). Null: the steps run uncompressed.
/// </param>
public sealed record CompressionNegotiation(IReadOnlyList<string> Offers, Verdict? WhenDeclined)
{
    /// <summary>The Sec-WebSocket-Extensions value: the offers joined with ", " as Autobahn|Testsuite writes them.</summary>
    public string HeaderValue => string.Join(", ", Offers);
}
