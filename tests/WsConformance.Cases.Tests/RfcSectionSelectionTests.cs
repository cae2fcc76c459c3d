using WsConformance.Cases.Model;

namespace WsConformance.Cases.Tests;

/// <summary><c>--cases rfc:5.2</c>: the cases citing an RFC section and its subsections, of RFC 6455 unless the pattern names another document.</summary>
public class RfcSectionSelectionTests
{
    private static readonly CaseDefinition[] Catalog =
    [
        Case("a", "5"), Case("b", "5.2"), Case("c", "5.2.1"), Case("d", "5.20"), Case("e", "7.2"), Case("f", "7.2.2", "RFC 7692"),
    ];

    [Theory]
    [InlineData("rfc:5.2", new[] { "b", "c" })]
    [InlineData("rfc:5", new[] { "a", "b", "c", "d" })]
    [InlineData("rfc:5.2.1", new[] { "c" })]
    [InlineData("RFC:5.2", new[] { "b", "c" })]
    [InlineData("rfc6455:7.2", new[] { "e" })]
    [InlineData("rfc7692:7.2", new[] { "f" })]
    [InlineData("rfc7692:7", new[] { "f" })]
    [InlineData("rfc:7.2", new[] { "e" })]
    [InlineData("rfc:9", new string[0])]
    [InlineData("rfc:", new string[0])]
    [InlineData("rfcx:5.2", new string[0])]
    public void An_rfc_pattern_selects_a_section_and_its_subsections(string pattern, string[] expected) =>
        Assert.Equal(expected, CaseSelector.Select(Catalog, [pattern], []).Select(c => c.Id));

    [Fact]
    public void An_rfc_pattern_excludes_too() =>
        Assert.Equal(["a", "d", "e", "f"], CaseSelector.Select(Catalog, [], ["rfc:5.2"]).Select(c => c.Id));

    [Fact]
    public void Grouping_follows_the_documents_and_their_section_numbers()
    {
        var sections = RfcSections.Group([Catalog[3], Catalog[5], Catalog[1], Catalog[0], Catalog[2], Catalog[4]]).Select(g => g.Key);

        Assert.Equal(
            [("RFC 6455", "5"), ("RFC 6455", "5.2"), ("RFC 6455", "5.2.1"), ("RFC 6455", "5.20"), ("RFC 6455", "7.2"), ("RFC 7692", "7.2.2")],
            sections);
    }

    private static CaseDefinition Case(string id, string section, string document = "RFC 6455") => new(
        id, null, "test", "t", new Requirement(document, section, RequirementLevel.Must, "x"), HandshakeOverrides.None, [],
        new Expectation([], new CloseExpectation(Closer.Harness, [1000], true, false, false), null, null), false, "x.yaml");
}
