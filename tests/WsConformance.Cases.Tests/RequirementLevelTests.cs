using WsConformance.Cases.Model;

namespace WsConformance.Cases.Tests;

/// <summary>
/// <c>level:</c> decides the worst verdict a case gives (a SHOULD at worst NON-STRICT), and <c>worst_verdict:</c>
/// overrides it on a case, a family template or the file's defaults.
/// </summary>
public class RequirementLevelTests
{
    [Theory]
    [InlineData("MUST", Verdict.Failed)]
    [InlineData("SHOULD", Verdict.NonStrict)]
    [InlineData("MAY", Verdict.Failed)]
    public void The_level_gives_the_worst_verdict(string level, Verdict worst)
    {
        var definition = CaseWith($"rfc: {{ section: \"7.4.1\", level: {level}, text: \"x\" }}");

        Assert.Null(definition.Expectation.WorstVerdict);
        Assert.Equal(worst, definition.WorstVerdict);
    }

    [Theory]
    [InlineData("SHOULD", "FAILED", Verdict.Failed)]
    [InlineData("MUST", "NON-STRICT", Verdict.NonStrict)]
    public void Worst_verdict_on_the_case_overrides_the_level(string level, string worstVerdict, Verdict worst)
    {
        var definition = CaseWith($"rfc: {{ section: \"7.4.1\", level: {level}, text: \"x\" }}", $"worst_verdict: {worstVerdict}");

        Assert.Equal(worst, definition.WorstVerdict);
    }

    [Fact]
    public void Worst_verdict_is_inherited_from_the_defaults()
    {
        var section = CaseYaml.Load("""
            section: "7"
            title: T
            defaults:
              rfc: { section: "10.7", level: SHOULD, text: "x" }
              worst_verdict: FAILED
            cases:
              - { id: "7.1", title: t, steps: [], expect: { OK: [] }, close: { by: harness, codes: [1000] } }
            """);

        Assert.Equal(Verdict.Failed, Assert.Single(section.Cases).WorstVerdict);
    }

    [Theory]
    [InlineData("OK")]
    [InlineData("INFORMATIONAL")]
    [InlineData("failed")]
    public void Only_a_verdict_that_falls_short_can_be_the_worst(string worstVerdict)
    {
        var error = Assert.Single(CaseYaml.Errors(CaseYaml.File(
            "id: \"1.1\"", "title: t", CaseYaml.Rfc, "steps: []", "expect: { OK: [] }", "close: { by: harness, codes: [1000] }", $"worst_verdict: {worstVerdict}")));

        Assert.Contains("NON-STRICT", error.Message, StringComparison.Ordinal);
        Assert.Contains("FAILED", error.Message, StringComparison.Ordinal);
    }

    private static CaseDefinition CaseWith(params string[] fields) => CaseYaml.SingleCase(
        ["id: \"1.1\"", "title: t", .. fields, "steps: []", "expect: { OK: [] }", "close: { by: harness, codes: [1000] }"]);
}
