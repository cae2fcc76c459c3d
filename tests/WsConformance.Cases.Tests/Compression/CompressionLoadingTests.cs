using WsConformance.Cases.DataSets;
using WsConformance.Cases.Model;

namespace WsConformance.Cases.Tests.Compression;

public class CompressionLoadingTests
{
    private const string Offer = "permessage-deflate; client_no_context_takeover; client_max_window_bits";

    private static string CompressedCase(string compression) => CaseYaml.File(
        "id: \"12.1.1\"", "title: t", CaseYaml.Rfc, compression, "steps: []", "expect: { OK: [] }", "close: { by: harness, codes: [1000] }");

    [Fact]
    public void Offers_and_the_declined_verdict_are_read_in_order()
    {
        var definition = Assert.Single(CaseYaml.Load(CompressedCase(
            $"compression: {{ offers: [\"{Offer}; server_max_window_bits=9\", \"{Offer}\"], declined: UNIMPLEMENTED }}")).Cases);

        var compression = Assert.IsType<CompressionNegotiation>(definition.Compression);
        Assert.Equal([$"{Offer}; server_max_window_bits=9", Offer], compression.Offers);
        Assert.Equal(Verdict.Unimplemented, compression.WhenDeclined);
        Assert.Equal($"{Offer}; server_max_window_bits=9, {Offer}", compression.HeaderValue);
    }

    [Fact]
    public void A_case_inherits_compression_from_defaults_and_none_removes_it()
    {
        var yaml = $$"""
            section: "12"
            title: T
            defaults:
              compression: { offers: ["{{Offer}}"] }
            cases:
              - { id: a, title: t, {{CaseYaml.Rfc}}, steps: [], expect: { OK: [] }, close: { by: harness, codes: [1000] } }
              - { id: b, title: t, {{CaseYaml.Rfc}}, compression: none, steps: [], expect: { OK: [] }, close: { by: harness, codes: [1000] } }
            """;
        var cases = CaseYaml.Load(yaml).Cases;

        Assert.Equal([Offer], cases[0].Compression!.Offers);
        Assert.Null(cases[0].Compression!.WhenDeclined);
        Assert.Null(cases[1].Compression);
    }

    [Theory]
    [InlineData("compression: { offers: [] }", "at least one offer")]
    [InlineData("compression: { offers: [\"permessage-deflate, x\"] }", "one offer per list item")]
    [InlineData("compression: { declined: OK }", "offers")]
    [InlineData("compression: { offers: [\"permessage-deflate\"], declined: MAYBE }", "MAYBE")]
    [InlineData("compression: { offers: [\"permessage-deflate\"], extra: 1 }", "extra")]
    public void Malformed_compression_is_an_error(string compression, string fragment)
    {
        var error = Assert.Single(CaseYaml.Errors(CompressedCase(compression)));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Echo_rounds_over_slices_send_slice_i_in_round_i()
    {
        var step = Assert.IsType<EchoRoundsStep>(CaseYaml.SingleStep("echo_rounds: { count: 1000, type: text, slices: { data: json, size: 16 }, fragment_size: 256 }"));

        var json = GeneratedDataSets.Get("json")!;
        Assert.Equal(256, step.FragmentSize);
        Assert.Same(json, step.Slices!.Data);
        Assert.Equal(json.Slice(3, 16).ToArray(), step.MessageOf(3).ToArray());
    }

    [Fact]
    public void A_slices_expectation_names_type_data_set_and_count()
    {
        var expected = Assert.Single(Assert.Single(CaseYaml.Load(CaseYaml.WithExpect(
            "{ OK: [ { message: { type: binary, slices: { data: image, size: 4096 }, count: 1000 } } ] }")).Cases).Expectation.Alternatives).Events;

        var slices = Assert.IsType<ExpectedSlices>(Assert.Single(expected));
        Assert.Equal((2, 4096, 1000, "image"), (slices.Opcode, slices.Slices.Size, slices.Count, slices.Slices.Data.Name));
    }

    [Theory]
    [InlineData("echo_rounds: { count: 1, type: text, slices: { data: faust, size: 16 } }", "faust")]
    [InlineData("echo_rounds: { count: 1, type: text, slices: { data: json } }", "size")]
    public void Unknown_data_sets_and_missing_sizes_are_errors(string step, string fragment)
    {
        var error = Assert.Single(CaseYaml.Errors(CaseYaml.WithStep(step)));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_slices_message_cannot_also_give_content()
    {
        var error = Assert.Single(CaseYaml.Errors(CaseYaml.WithExpect(
            "{ OK: [ { message: { type: text, text: x, slices: { data: json, size: 4 } } } ] }")));
        Assert.Contains("slices", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deflated_payload_is_its_inner_payload_compressed()
    {
        var frame = Assert.IsType<SendFrameStep>(CaseYaml.SingleStep("send_frame: { opcode: text, rsv: 4, payload: { deflated: Hello } }"));

        // RFC 7692 §7.2.3.1: "Hello" compresses to f2 48 cd c9 c9 07 00.
        Assert.Equal(Convert.FromHexString("f248cdc9c90700"), frame.Payload.ToBytes());
    }
}
