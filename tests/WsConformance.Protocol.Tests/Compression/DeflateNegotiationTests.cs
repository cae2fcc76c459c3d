using WsConformance.Protocol.Compression;

namespace WsConformance.Protocol.Tests.Compression;

public class DeflateNegotiationTests
{
    private const string Autobahn12Offer = "permessage-deflate; client_no_context_takeover; client_max_window_bits";
    private const string Autobahn13_5Offer = Autobahn12Offer + "; server_no_context_takeover; server_max_window_bits=9";
    private const string Autobahn13_7Offers = Autobahn13_5Offer + ", " + Autobahn12Offer + "; server_no_context_takeover, " + Autobahn12Offer;

    /// <summary>Offer header, response header, and the agreement (server no-ctx, client no-ctx, server bits, client bits).</summary>
    public static readonly Dictionary<string, (string Offer, string Response, (bool, bool, int, int) Agreement)> Accepted = new()
    {
        ["plain acceptance"] = (Autobahn12Offer, "permessage-deflate", (false, false, 15, 15)),
        ["client window chosen by the server"] = (Autobahn12Offer, "permessage-deflate; client_max_window_bits=10", (false, false, 15, 10)),
        ["server resets unasked"] = (Autobahn12Offer, "permessage-deflate; server_no_context_takeover", (true, false, 15, 15)),
        ["server limits its window unasked"] = (Autobahn12Offer, "permessage-deflate; server_max_window_bits=12", (false, false, 12, 15)),
        ["client told to reset"] = (Autobahn12Offer, "permessage-deflate; client_no_context_takeover", (false, true, 15, 15)),
        ["13.5 accepted as offered"] = (Autobahn13_5Offer, "permessage-deflate; server_no_context_takeover; server_max_window_bits=9", (true, false, 9, 15)),
        ["13.5 with a smaller window"] = (Autobahn13_5Offer, "permessage-deflate; server_no_context_takeover; server_max_window_bits=8", (true, false, 8, 15)),
        ["13.7 third offer"] = (Autobahn13_7Offers, "permessage-deflate", (false, false, 15, 15)),
        ["13.7 second offer"] = (Autobahn13_7Offers, "permessage-deflate; server_no_context_takeover", (true, false, 15, 15)),
        ["quoted window size"] = (Autobahn12Offer, "permessage-deflate; client_max_window_bits=\"9\"", (false, false, 15, 9)),
        ["other extension beside"] = (Autobahn12Offer, "x-other, permessage-deflate", (false, false, 15, 15)),
        ["name in other case"] = (Autobahn12Offer, "PerMessage-Deflate", (false, false, 15, 15)),
    };

    public static TheoryData<string> AcceptedNames => [.. Accepted.Keys];

    /// <summary>Offer header, response header, and the violation expected.</summary>
    public static readonly Dictionary<string, (string Offer, string Response, DeflateViolationCode Code)> Invalid = new()
    {
        ["unknown parameter"] = (Autobahn12Offer, "permessage-deflate; x_extra", DeflateViolationCode.UnknownParameter),
        ["duplicate parameter"] = (Autobahn12Offer, "permessage-deflate; server_no_context_takeover; server_no_context_takeover", DeflateViolationCode.DuplicateParameter),
        ["value on a flag"] = (Autobahn12Offer, "permessage-deflate; server_no_context_takeover=1", DeflateViolationCode.InvalidValue),
        ["window 7"] = (Autobahn12Offer, "permessage-deflate; server_max_window_bits=7", DeflateViolationCode.InvalidValue),
        ["window 16"] = (Autobahn12Offer, "permessage-deflate; client_max_window_bits=16", DeflateViolationCode.InvalidValue),
        ["leading zero"] = (Autobahn12Offer, "permessage-deflate; server_max_window_bits=09", DeflateViolationCode.InvalidValue),
        ["client window without a value"] = (Autobahn12Offer, "permessage-deflate; client_max_window_bits", DeflateViolationCode.InvalidValue),
        ["client window not offered"] = ("permessage-deflate", "permessage-deflate; client_max_window_bits=10", DeflateViolationCode.NotMatchingOffer),
        ["server reset offered, not answered"] = (Autobahn13_5Offer, "permessage-deflate; server_max_window_bits=9", DeflateViolationCode.NotMatchingOffer),
        ["server window offered, not answered"] = (Autobahn13_5Offer, "permessage-deflate; server_no_context_takeover", DeflateViolationCode.NotMatchingOffer),
        ["server window larger than offered"] = (Autobahn13_5Offer, "permessage-deflate; server_no_context_takeover; server_max_window_bits=10", DeflateViolationCode.NotMatchingOffer),
        ["accepted twice"] = (Autobahn13_7Offers, "permessage-deflate, permessage-deflate", DeflateViolationCode.SeveralResponses),
        ["syntax"] = (Autobahn12Offer, "permessage-deflate; =", DeflateViolationCode.Syntax),
        ["invalid offer accepted"] = ("permessage-deflate; server_max_window_bits=7", "permessage-deflate", DeflateViolationCode.NotMatchingOffer),
    };

    public static TheoryData<string> InvalidNames => [.. Invalid.Keys];

    [Theory]
    [MemberData(nameof(AcceptedNames))]
    public void Valid_answers_give_the_agreement(string name)
    {
        var (offer, response, expected) = Accepted[name];
        var result = DeflateNegotiation.EvaluateResponse([offer], [response]);
        Assert.Empty(result.Violations);
        var agreement = Assert.IsType<DeflateAgreement>(result.Agreement);
        Assert.Equal(expected, (agreement.ServerNoContextTakeover, agreement.ClientNoContextTakeover, agreement.ServerMaxWindowBits, agreement.ClientMaxWindowBits));
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Invalid_answers_are_violations(string name)
    {
        var (offer, response, code) = Invalid[name];
        var result = DeflateNegotiation.EvaluateResponse([offer], [response]);
        Assert.Null(result.Agreement);
        Assert.Contains(result.Violations, v => v.Code == code);
    }

    [Theory]
    [InlineData("x-other")]
    [InlineData("")]
    public void An_answer_without_permessage_deflate_declines(string response)
    {
        var result = DeflateNegotiation.EvaluateResponse([Autobahn12Offer], response.Length == 0 ? [] : [response]);
        Assert.True(result.Declined);
    }

    [Theory]
    [InlineData("permessage-deflate; server_max_window_bits=7", DeflateViolationCode.InvalidValue)]
    [InlineData("permessage-deflate; server_max_window_bits", DeflateViolationCode.InvalidValue)]
    [InlineData("permessage-deflate; client_max_window_bits=0", DeflateViolationCode.InvalidValue)]
    [InlineData("permessage-deflate; mystery=1", DeflateViolationCode.UnknownParameter)]
    [InlineData("permessage-deflate; client_no_context_takeover; client_no_context_takeover", DeflateViolationCode.DuplicateParameter)]
    public void Invalid_offers_are_reported_and_left_out(string offer, DeflateViolationCode code)
    {
        var violations = new List<DeflateViolation>();
        var offers = DeflateNegotiation.ReadOffers([offer + ", permessage-deflate"], violations);
        Assert.Contains(violations, v => v.Code == code);
        Assert.Equal(new DeflateParameters(false, false, null, false, null), Assert.Single(offers));
    }

    [Fact]
    public void Offers_are_written_in_Autobahn_order()
    {
        var offer = new DeflateParameters(ServerNoContextTakeover: true, ClientNoContextTakeover: true, ServerMaxWindowBits: 9, ClientMaxWindowBits: true, ClientMaxWindowBitsValue: null);
        var element = new ExtensionElement(DeflateNegotiation.ExtensionName, offer.ToParameters().ToList());
        Assert.Equal(Autobahn13_5Offer, element.ToHeaderText());
    }
}
