using FsCheck;
using FsCheck.Fluent;
using WsConformance.Protocol.Compression;

namespace WsConformance.Protocol.Tests.Compression;

public class DeflateAcceptTests
{
    private const string Autobahn12Offer = "permessage-deflate; client_no_context_takeover; client_max_window_bits";
    private const string Autobahn13_5Offer = Autobahn12Offer + "; server_no_context_takeover; server_max_window_bits=9";

    private static readonly DeflateAcceptPolicy AsOffered = new();

    /// <summary>Offer header, policy, the response element, and the agreement (server no-ctx, client no-ctx, server bits, client bits).</summary>
    public static readonly Dictionary<string, (string Offer, DeflateAcceptPolicy Policy, string Response, (bool, bool, int, int) Agreement)> Accepted = new()
    {
        ["bare offer"] = ("permessage-deflate", AsOffered, "permessage-deflate", (false, false, 15, 15)),
        ["client window without a value is not answered"] = (Autobahn12Offer, AsOffered,
            "permessage-deflate; client_no_context_takeover", (false, true, 15, 15)),
        ["client window with a value is echoed"] = ("permessage-deflate; client_max_window_bits=10", AsOffered,
            "permessage-deflate; client_max_window_bits=10", (false, false, 15, 10)),
        ["13.5 accepted as offered"] = (Autobahn13_5Offer, AsOffered,
            "permessage-deflate; client_no_context_takeover; server_no_context_takeover; server_max_window_bits=9", (true, true, 9, 15)),
        ["policy window smaller than offered"] = (Autobahn13_5Offer, new(ServerMaxWindowBits: 8),
            "permessage-deflate; client_no_context_takeover; server_no_context_takeover; server_max_window_bits=8", (true, true, 8, 15)),
        ["offered window smaller than policy"] = ("permessage-deflate; server_max_window_bits=10", new(ServerMaxWindowBits: 12),
            "permessage-deflate; server_max_window_bits=10", (false, false, 10, 15)),
        ["server limits itself unasked"] = ("permessage-deflate", new(ServerNoContextTakeover: true, ServerMaxWindowBits: 11),
            "permessage-deflate; server_no_context_takeover; server_max_window_bits=11", (true, false, 11, 15)),
        ["client told to reset"] = ("permessage-deflate", new(ClientNoContextTakeover: true),
            "permessage-deflate; client_no_context_takeover", (false, true, 15, 15)),
        ["first valid offer after an invalid one"] = ("permessage-deflate; server_max_window_bits=7, x-other, permessage-deflate; server_max_window_bits=12, permessage-deflate",
            AsOffered, "permessage-deflate; server_max_window_bits=12", (false, false, 12, 15)),
        ["name in other case, quoted value"] = ("PerMessage-Deflate; server_max_window_bits=\"13\"", AsOffered,
            "permessage-deflate; server_max_window_bits=13", (false, false, 13, 15)),
    };

    public static TheoryData<string> AcceptedNames => [.. Accepted.Keys];

    [Theory]
    [MemberData(nameof(AcceptedNames))]
    public void Offer_and_policy_give_the_response_and_agreement(string name)
    {
        var (offer, policy, response, expected) = Accepted[name];

        var agreement = DeflateNegotiation.Accept([offer], policy);

        Assert.NotNull(agreement);
        Assert.Equal(response, agreement.Response);
        Assert.Equal(expected, (agreement.ServerNoContextTakeover, agreement.ClientNoContextTakeover, agreement.ServerMaxWindowBits, agreement.ClientMaxWindowBits));
        Assert.Equal(agreement, DeflateNegotiation.EvaluateResponse([offer], [agreement.Response]).Agreement);
    }

    [Theory]
    [InlineData]
    [InlineData("x-webkit-deflate-frame")]
    [InlineData("permessage-deflate; server_max_window_bits=16")]
    [InlineData("permessage-deflate; client_max_window_bits=07", "permessage-deflate; unknown")]
    [InlineData("permessage-deflate; server_no_context_takeover; server_no_context_takeover")]
    [InlineData("permessage-deflate; =")]
    public void Without_a_valid_offer_there_is_nothing_to_accept(params string[] offers)
    {
        Assert.Null(DeflateNegotiation.Accept(offers, new DeflateAcceptPolicy(true, 9, true)));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(16)]
    public void Policy_window_outside_8_to_15_is_a_programmer_error(int bits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DeflateNegotiation.Accept(["permessage-deflate"], new DeflateAcceptPolicy(ServerMaxWindowBits: bits)));
    }

    private static Gen<int?> WindowBits => Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(8, 15).Select(bits => (int?)bits));

    private static Gen<DeflateParameters> ValidOffers =>
        from serverNoContext in Gen.Elements(false, true)
        from clientNoContext in Gen.Elements(false, true)
        from serverBits in WindowBits
        from clientBits in Gen.Elements(false, true)
        from clientBitsValue in WindowBits
        select new DeflateParameters(serverNoContext, clientNoContext, serverBits, clientBits, clientBits ? clientBitsValue : null);

    private static Gen<string> OfferHeaders =>
        from invalidFirst in Gen.Elements("", "permessage-deflate; server_max_window_bits=16, ", "permessage-deflate; x=1, ")
        from offers in ValidOffers.NonEmptyListOf()
        select invalidFirst + string.Join(", ", offers.Select(offer =>
            new ExtensionElement(DeflateNegotiation.ExtensionName, offer.ToParameters().ToList()).ToHeaderText()));

    private static Gen<DeflateAcceptPolicy> Policies =>
        from serverNoContext in Gen.Elements(false, true)
        from serverBits in WindowBits
        from clientNoContext in Gen.Elements(false, true)
        select new DeflateAcceptPolicy(serverNoContext, serverBits, clientNoContext);

    [Fact]
    public void The_client_side_accepts_what_the_server_side_answers_with_the_same_agreement()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500).WithReplay(7692_2024UL, 0x9e37_79b9UL),
            Prop.ForAll(OfferHeaders.Zip(Policies).ToArbitrary(), pair =>
            {
                var agreement = DeflateNegotiation.Accept([pair.Item1], pair.Item2);
                var evaluated = DeflateNegotiation.EvaluateResponse([pair.Item1], [agreement!.Response]);
                return evaluated.Violations.Count == 0 && agreement == evaluated.Agreement;
            }));
    }
}
