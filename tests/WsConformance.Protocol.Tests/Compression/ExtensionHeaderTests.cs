using WsConformance.Protocol.Compression;

namespace WsConformance.Protocol.Tests.Compression;

public class ExtensionHeaderTests
{
    /// <summary>Header values (one per header line) and the elements they hold, written back as header text.</summary>
    public static readonly Dictionary<string, (string[] Headers, string[] Elements)> Valid = new()
    {
        ["bare name"] = (["permessage-deflate"], ["permessage-deflate"]),
        ["flag and value"] = (["permessage-deflate; client_max_window_bits; server_max_window_bits=10"],
            ["permessage-deflate; client_max_window_bits; server_max_window_bits=10"]),
        ["no spaces"] = (["permessage-deflate;server_no_context_takeover"], ["permessage-deflate; server_no_context_takeover"]),
        ["spaces around = and ;"] = (["permessage-deflate ;  server_max_window_bits = 9 "], ["permessage-deflate; server_max_window_bits=9"]),
        ["quoted value"] = (["permessage-deflate; server_max_window_bits=\"10\""], ["permessage-deflate; server_max_window_bits=10"]),
        ["quoted pair"] = (["x; a=\"b\\c\""], ["x; a=bc"]),
        ["three offers in one header (Autobahn 13.7)"] = (
            ["permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover; server_max_window_bits=9, permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover, permessage-deflate; client_no_context_takeover; client_max_window_bits"],
            ["permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover; server_max_window_bits=9",
             "permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover",
             "permessage-deflate; client_no_context_takeover; client_max_window_bits"]),
        ["offers across headers"] = (["permessage-deflate; server_max_window_bits=9", "x-other, permessage-deflate"],
            ["permessage-deflate; server_max_window_bits=9", "x-other", "permessage-deflate"]),
        ["empty list elements"] = ([", permessage-deflate ,, x-other ,"], ["permessage-deflate", "x-other"]),
    };

    public static TheoryData<string> ValidNames => [.. Valid.Keys];

    /// <summary>Header values that break RFC 6455 §9.1, with the elements that still parse.</summary>
    public static readonly Dictionary<string, (string Header, string[] Elements)> Invalid = new()
    {
        ["empty parameter name"] = ("permessage-deflate; ; x", []),
        ["missing value"] = ("permessage-deflate; server_max_window_bits=", []),
        ["unterminated quote"] = ("permessage-deflate; server_max_window_bits=\"10", []),
        ["quoted value that is no token"] = ("permessage-deflate; a=\"b c\"", []),
        ["separator in name"] = ("permessage/deflate", []),
        ["broken element, then a good one"] = ("permessage-deflate; =9, x-other", ["x-other"]),
        ["quoted comma does not split"] = ("a; b=\"x,y\", c", ["c"]),
    };

    public static TheoryData<string> InvalidNames => [.. Invalid.Keys];

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Valid_headers_parse_to_their_elements(string name)
    {
        var (headers, elements) = Valid[name];
        var list = ExtensionHeader.Parse(headers);
        Assert.Empty(list.Errors);
        Assert.Equal(elements, list.Elements.Select(e => e.ToHeaderText()));
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Invalid_headers_report_errors_and_keep_the_good_elements(string name)
    {
        var (header, elements) = Invalid[name];
        var list = ExtensionHeader.Parse(header);
        Assert.NotEmpty(list.Errors);
        Assert.Equal(elements, list.Elements.Select(e => e.ToHeaderText()));
    }

    [Fact]
    public void Parameters_keep_whether_they_had_a_value()
    {
        var element = Assert.Single(ExtensionHeader.Parse("permessage-deflate; client_max_window_bits; server_max_window_bits=\"12\"").Elements);
        Assert.Equal([new ExtensionParameter("client_max_window_bits", null), new ExtensionParameter("server_max_window_bits", "12")], element.Parameters);
    }
}
