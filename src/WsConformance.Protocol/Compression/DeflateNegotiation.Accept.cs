namespace WsConformance.Protocol.Compression;

/// <summary>What the server asks for beyond what the client offered (RFC 7692 §7.1).</summary>
/// <param name="ServerNoContextTakeover">Reset our own compression context after every message even if the client did not ask.</param>
/// <param name="ServerMaxWindowBits">Limit our own window (8–15) even if the client did not ask; the smaller value wins when it did.</param>
/// <param name="ClientNoContextTakeover">Tell the client to reset its compression context after every message.</param>
public sealed record DeflateAcceptPolicy(bool ServerNoContextTakeover = false, int? ServerMaxWindowBits = null, bool ClientNoContextTakeover = false);

public static partial class DeflateNegotiation
{
    /// <summary>
    /// The server's acceptance of the first valid permessage-deflate offer in <paramref name="requestHeaderValues"/>,
    /// shaped by <paramref name="policy"/>; null when there is no valid offer (invalid ones "MUST" be declined,
    /// RFC 7692 §7). <see cref="DeflateAgreement.Response"/> is the element to send; the agreement's server fields
    /// say how the server compresses, its client fields how the client does (and so how the server inflates).
    /// </summary>
    public static DeflateAgreement? Accept(IEnumerable<string> requestHeaderValues, DeflateAcceptPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.ServerMaxWindowBits is { } policyBits)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(policyBits, MessageDeflater.MinWindowBits, nameof(policy));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(policyBits, MessageDeflater.MaxWindowBits, nameof(policy));
        }

        var offers = ReadOffers(requestHeaderValues, []);
        if (offers.Count == 0)
        {
            return null;
        }

        var offer = offers[0];
        var response = new DeflateParameters(
            // "A server accepts an extension negotiation offer that includes the server_no_context_takeover
            // extension parameter by including [it] in the response" (§7.1.1.1); it may also add it unasked.
            ServerNoContextTakeover: offer.ServerNoContextTakeover || policy.ServerNoContextTakeover,
            // "A server MAY include the client_no_context_takeover extension parameter in the corresponding
            // extension negotiation response to the offer" (§7.1.1.2).
            ClientNoContextTakeover: offer.ClientNoContextTakeover || policy.ClientNoContextTakeover,
            // The same or a smaller value than offered (§7.1.2.1); a server may limit its window unasked.
            ServerMaxWindowBits: Smaller(offer.ServerMaxWindowBits, policy.ServerMaxWindowBits),
            // "If a received extension negotiation offer doesn't have the client_max_window_bits extension parameter,
            // the corresponding extension negotiation response to the offer MUST NOT include [it]" (§7.1.2.2); a
            // response's client_max_window_bits needs a value, so an offer without one gets none back.
            ClientMaxWindowBits: offer.ClientMaxWindowBitsValue is not null,
            ClientMaxWindowBitsValue: offer.ClientMaxWindowBitsValue);
        var element = new ExtensionElement(ExtensionName, response.ToParameters().ToList());
        return new DeflateAgreement(response.ServerNoContextTakeover, response.ClientNoContextTakeover,
            response.ServerMaxWindowBits ?? MessageDeflater.MaxWindowBits, response.ClientMaxWindowBitsValue ?? MessageDeflater.MaxWindowBits,
            element.ToHeaderText());
    }

    private static int? Smaller(int? first, int? second) =>
        first is { } a && second is { } b ? Math.Min(a, b) : first ?? second;
}
