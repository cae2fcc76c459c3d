using WsConformance.Cases.Model;

namespace WsConformance.Cases.Tests;

public class CaseSelectorTests
{
    private static readonly CaseDefinition[] Catalog =
    [
        Case("1.1.1", "1"), Case("1.10", "1"), Case("2.1", "2"), Case("2.10", "2"), Case("6.1.1", "6"), Case("6.10.1", "6"),
        Case("6", "6"), Case("10.1.1", "10"), Case("handshake.1", "handshake"), Case("handshake.2", "handshake"),
    ];

    [Theory]
    [InlineData("6.*", new[] { "6.1.1", "6.10.1" })]
    [InlineData("1*", new[] { "1.1.1", "1.10", "10.1.1" })]
    [InlineData("1.*", new[] { "1.1.1", "1.10" })]
    [InlineData("2.10", new[] { "2.10" })]
    [InlineData("2.1", new[] { "2.1" })]
    [InlineData("6", new[] { "6" })]
    [InlineData("handshake", new[] { "handshake.1", "handshake.2" })]
    [InlineData("*", new[] { "1.1.1", "1.10", "2.1", "2.10", "6.1.1", "6.10.1", "6", "10.1.1", "handshake.1", "handshake.2" })]
    [InlineData("6.*.1", new[] { "6.1.1", "6.10.1" })]
    [InlineData("6.1*", new[] { "6.1.1", "6.10.1" })]
    [InlineData("1.1?", new string[0])]
    public void Include_pattern_selects_with_autobahn_semantics(string pattern, string[] expected) =>
        Assert.Equal(expected, CaseSelector.Select(Catalog, [pattern], []).Select(c => c.Id));

    [Fact]
    public void Dot_is_literal_not_any_character()
    {
        Assert.False(CaseSelector.Matches("6x1", "6", "6.*"));
        Assert.True(CaseSelector.Matches("6.1", "6", "6.*"));
    }

    [Fact]
    public void Empty_include_selects_all_in_original_order() =>
        Assert.Equal(Catalog.Select(c => c.Id), CaseSelector.Select(Catalog, [], []).Select(c => c.Id));

    [Fact]
    public void Exclude_wins_over_include() =>
        Assert.Equal(
            ["6.1.1", "handshake.1"],
            CaseSelector.Select(Catalog, ["6.*", "handshake"], ["6.10.*", "handshake.2"]).Select(c => c.Id));

    [Fact]
    public void Exclude_alone_removes_from_everything() =>
        Assert.DoesNotContain(CaseSelector.Select(Catalog, [], ["1*", "handshake"]), c => c.Id.StartsWith('1') || c.Section == "handshake");

    [Fact]
    public void Several_includes_keep_catalog_order_without_duplicates() =>
        Assert.Equal(["2.10", "6.1.1"], CaseSelector.Select(Catalog, ["6.1.1", "2.10", "2.1*"], ["2.1"]).Select(c => c.Id));

    private static CaseDefinition Case(string id, string section) => new(
        id, id, section, "t", new Requirement("RFC 6455", "5", RequirementLevel.Must, "x"), HandshakeOverrides.None, [],
        new Expectation([], new CloseExpectation(Closer.Harness, [1000], true, false, false), null, null), false, "x.yaml");
}
