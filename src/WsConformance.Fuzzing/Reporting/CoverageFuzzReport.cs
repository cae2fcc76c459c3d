using System.Text.Encodings.Web;
using System.Text.Json;
using WsConformance.Fuzzing.Engine;
using WsConformance.Reporting;

namespace WsConformance.Fuzzing.Reporting;

/// <summary>
/// <c>fuzz-report.html</c> beside an in-process run's artifacts: executions per second and edges over time as a
/// chart, and every finding with its reproducer command. Built like <c>report.html</c> (<see cref="HtmlPage"/>):
/// one self-contained page under a CSP that forbids every load, the data embedded as escaped JSON, a script that
/// writes text nodes and numeric SVG attributes only (exception messages and inputs come from the fuzzed code).
/// </summary>
public static class CoverageFuzzReport
{
    /// <summary>The page's file name.</summary>
    public const string FileName = "fuzz-report.html";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Default, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Writes the page to <paramref name="path"/>; <paramref name="timeline"/> is the run's progress, one sample per interval.</summary>
    public static void Write(string path, string target, int seed, IReadOnlyList<FuzzProgress> timeline, FuzzReport report)
    {
        var data = new
        {
            target,
            seed,
            final = Sample(report.Final),
            timeline = timeline.Select(Sample).ToList(),
            findings = report.Findings.Select(finding => new
            {
                kind = finding.Kind.ToString().ToLowerInvariant(),
                finding.Signature,
                length = finding.Input.Length,
                inputHex = Convert.ToHexString(finding.Input.AsSpan(0, Math.Min(finding.Input.Length, 256))),
                finding.Description,
                finding.SavedTo,
                reproduce = finding.SavedTo is null ? null : $"wsconf fuzz repro {target} {finding.SavedTo}",
            }).ToList(),
        };
        AtomicFile.Write(path, stream => HtmlPage.Write(
            stream,
            $"wsconf coverage fuzzing: {target}",
            "This report needs JavaScript to display.",
            [new HtmlPageData("coverage-fuzz-data", JsonSerializer.SerializeToUtf8Bytes(data, Json))],
            HtmlPage.Asset(HtmlPage.Stylesheet) + Asset("coverage-fuzz.css"),
            string.Join("\n", HtmlPage.Asset(HtmlPage.DomScript), Asset("coverage-fuzz.js"))));
    }

    private static object Sample(FuzzProgress progress) => new
    {
        seconds = Math.Round(progress.Elapsed.TotalSeconds, 3),
        progress.Executions,
        executionsPerSecond = Math.Round(progress.ExecutionsPerSecond),
        progress.Edges,
        corpus = progress.CorpusSize,
        progress.Findings,
    };

    private static string Asset(string name) => HtmlPage.Resource(typeof(CoverageFuzzReport).Assembly, "WsConformance.Fuzzing.Html", name);
}
