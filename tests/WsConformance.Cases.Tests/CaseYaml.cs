using WsConformance.Cases.Model;

namespace WsConformance.Cases.Tests;

/// <summary>Builds small case files around a snippet, so each test states only what it is about.</summary>
internal static class CaseYaml
{
    public const string FileName = "test.yaml";

    public const string Rfc = """rfc: { section: "5.2", level: MUST, text: "RSV MUST be 0." }""";

    public static CaseSection Load(string yaml) => CatalogLoader.Parse(yaml, FileName);

    public static IReadOnlyList<CaseFileError> Errors(string yaml) =>
        Assert.Throws<CaseLoadException>(() => Load(yaml)).Errors;

    /// <summary>A file with one case whose fields are <paramref name="caseLines"/> (indented 4 spaces; first line starts the item).</summary>
    public static string File(params string[] caseLines) =>
        "section: \"1\"\ntitle: Test\ncases:\n  - " + string.Join("\n    ", caseLines) + "\n";

    /// <summary>A complete, valid case with the given step (flow or one-line YAML).</summary>
    public static string WithStep(string step) => File(
        "id: \"1.1\"", "title: t", Rfc, "steps:", "  - " + step, "expect: { OK: [] }", "close: { by: harness, codes: [1000] }");

    public static Step SingleStep(string step) => Assert.Single(Load(WithStep(step)).Cases.Single().Steps);

    /// <summary>A complete case with the given <c>expect</c> (one-line flow YAML).</summary>
    public static string WithExpect(string expect) => File(
        "id: \"1.1\"", "title: t", Rfc, "steps: []", "expect: " + expect, "close: { by: harness, codes: [1000] }");

    public static CaseDefinition SingleCase(params string[] caseLines) => Assert.Single(Load(File(caseLines)).Cases);
}
