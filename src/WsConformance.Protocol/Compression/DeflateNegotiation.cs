namespace WsConformance.Protocol.Compression;

/// <summary>
/// What a client and server agreed on for permessage-deflate: how each side compresses. The client compresses
/// with <see cref="ClientMaxWindowBits"/> and resets per message when <see cref="ClientNoContextTakeover"/>; the
/// server's messages are inflated with <see cref="ServerMaxWindowBits"/> (RFC 7692 §7.1).
/// </summary>
/// <param name="Response">The server's accepting element as header text.</param>
public sealed record DeflateAgreement(
    bool ServerNoContextTakeover,
    bool ClientNoContextTakeover,
    int ServerMaxWindowBits,
    int ClientMaxWindowBits,
    string Response)
{
    /// <summary>RSV1, the bit RFC 7692 §6 gives permessage-deflate (Autobahn's "rsv = 4").</summary>
    public const byte Rsv = 0b100;
}

/// <summary>The outcome of checking a server's answer: an agreement, a decline (neither), or violations.</summary>
public sealed record DeflateNegotiationResult(DeflateAgreement? Agreement, IReadOnlyList<DeflateViolation> Violations)
{
    /// <summary>The server answered without permessage-deflate, and correctly so.</summary>
    public bool Declined => Agreement is null && Violations.Count == 0;
}

/// <summary>
/// Permessage-deflate negotiation (RFC 7692 §5, §7). The client side: which offers a request makes, and whether
/// the server's Sec-WebSocket-Extensions answer is a valid acceptance of one of them. The server side
/// (<see cref="Accept"/>): which offer to accept, and the answer that accepts it.
/// </summary>
public static partial class DeflateNegotiation
{
    /// <summary>The extension token (RFC 7692 §7).</summary>
    public const string ExtensionName = "permessage-deflate";

    /// <summary>
    /// The valid permessage-deflate offers in a request's Sec-WebSocket-Extensions values, in order, with the
    /// violations of the invalid ones (a server "MUST decline" those, RFC 7692 §7).
    /// </summary>
    public static IReadOnlyList<DeflateParameters> ReadOffers(IEnumerable<string> requestHeaderValues, List<DeflateViolation> violations)
    {
        var list = ExtensionHeader.Parse(requestHeaderValues);
        violations.AddRange(list.Errors.Select(e => new DeflateViolation(DeflateViolationCode.Syntax, "RFC 6455 §9.1", e)));
        var offers = new List<DeflateParameters>();
        foreach (var element in list.Elements.Where(IsDeflate))
        {
            if (DeflateParameters.Read(element, DeflateParameters.Role.Offer, violations) is { } offer)
            {
                offers.Add(offer);
            }
        }

        return offers;
    }

    /// <summary>Checks the server's answer against the client's offers.</summary>
    /// <param name="requestHeaderValues">The Sec-WebSocket-Extensions values the client sent.</param>
    /// <param name="responseHeaderValues">The Sec-WebSocket-Extensions values the server answered with.</param>
    public static DeflateNegotiationResult EvaluateResponse(IEnumerable<string> requestHeaderValues, IEnumerable<string> responseHeaderValues)
    {
        var offers = ReadOffers(requestHeaderValues, []);
        var violations = new List<DeflateViolation>();
        var list = ExtensionHeader.Parse(responseHeaderValues);
        violations.AddRange(list.Errors.Select(e => new DeflateViolation(DeflateViolationCode.Syntax, "RFC 6455 §9.1", e)));
        var accepted = list.Elements.Where(IsDeflate).ToList();
        if (accepted.Count > 1)
        {
            // RFC 6455 §9.1: the server answers with the one offer it accepts per extension.
            violations.Add(new(DeflateViolationCode.SeveralResponses, "RFC 7692 §5",
                $"The server accepted permessage-deflate {accepted.Count} times: {string.Join(", ", accepted.Select(e => e.ToHeaderText()))}."));
        }

        if (accepted.Count == 0 || violations.Count > 0)
        {
            return new DeflateNegotiationResult(null, violations);
        }

        var element = accepted[0];
        if (DeflateParameters.Read(element, DeflateParameters.Role.Response, violations) is not { } response)
        {
            return new DeflateNegotiationResult(null, violations);
        }

        var mismatch = FirstAcceptedOffer(offers, response);
        if (mismatch is not null)
        {
            return new DeflateNegotiationResult(null, [mismatch]);
        }

        return new DeflateNegotiationResult(
            new DeflateAgreement(response.ServerNoContextTakeover, response.ClientNoContextTakeover,
                response.ServerMaxWindowBits ?? MessageDeflater.MaxWindowBits, response.ClientMaxWindowBitsValue ?? MessageDeflater.MaxWindowBits,
                element.ToHeaderText()),
            []);
    }

    /// <summary>Null when <paramref name="response"/> accepts at least one offer; otherwise why it accepts the first offer not.</summary>
    private static DeflateViolation? FirstAcceptedOffer(IReadOnlyList<DeflateParameters> offers, DeflateParameters response)
    {
        if (offers.Count == 0)
        {
            // "A server MUST decline an extension negotiation offer for this extension if ... the negotiation offer
            // contains an extension parameter with an invalid value" (and the other conditions of RFC 7692 §7).
            return new(DeflateViolationCode.NotMatchingOffer, "RFC 7692 §7",
                "The server accepted permessage-deflate although every offer was invalid and had to be declined.");
        }

        DeflateViolation? first = null;
        foreach (var offer in offers)
        {
            var violation = WhyNotAcceptance(offer, response);
            if (violation is null)
            {
                return null;
            }

            first ??= violation;
        }

        return first;
    }

    private static DeflateViolation? WhyNotAcceptance(DeflateParameters offer, DeflateParameters response)
    {
        if (response.ClientMaxWindowBits && !offer.ClientMaxWindowBits)
        {
            // "If a received extension negotiation offer doesn't have the client_max_window_bits extension parameter,
            // the corresponding extension negotiation response to the offer MUST NOT include [it]." (§7.1.2.2)
            return new(DeflateViolationCode.NotMatchingOffer, "RFC 7692 §7.1.2.2",
                "The response has client_max_window_bits, which the client did not offer.");
        }

        if (offer.ServerNoContextTakeover && !response.ServerNoContextTakeover)
        {
            // "A server accepts an extension negotiation offer that includes the server_no_context_takeover extension
            // parameter by including the server_no_context_takeover extension parameter in the [response]." (§7.1.1.1)
            return new(DeflateViolationCode.NotMatchingOffer, "RFC 7692 §7.1.1.1",
                "The client offered server_no_context_takeover; the response lacks it.");
        }

        if (offer.ServerMaxWindowBits is { } offered && !(response.ServerMaxWindowBits <= offered))
        {
            // "A server accepts an extension negotiation offer with this parameter by including the server_max_window_bits
            // extension parameter in the [response] with the same or smaller value as the offer." (§7.1.2.1)
            return new(DeflateViolationCode.NotMatchingOffer, "RFC 7692 §7.1.2.1",
                $"The client offered server_max_window_bits={offered}; the response has {(response.ServerMaxWindowBits is { } bits ? bits.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}.");
        }

        return null;
    }

    private static bool IsDeflate(ExtensionElement element) =>
        string.Equals(element.Name, ExtensionName, StringComparison.OrdinalIgnoreCase);
}
