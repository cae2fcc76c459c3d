using System.Globalization;
using WsConformance.Cases.Model;
using WsConformance.PropertyFuzzing.Running;
using WsConformance.PropertyFuzzing.Writing;

namespace WsConformance.PropertyFuzzing.Reporting;

/// <summary>Writes the findings' minimal counterexamples as one case file and the JSON report next to it.</summary>
public static class FindingFiles
{
    /// <summary>Folder (under the output folder) of the case files; give it to <c>wsconf run --cases</c>.</summary>
    public const string CasesFolder = "fuzz-cases";

    /// <summary>Writes the case file (when there are findings) and returns the result with each finding's file path.</summary>
    public static FuzzResult WriteCaseFile(string outputDirectory, FuzzResult result, Uri target, FuzzOptions options)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        if (result.Findings.Count == 0)
        {
            return result;
        }

        var folder = Path.Combine(outputDirectory, CasesFolder);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"fuzz-{result.Seed}.yaml"));
        var cases = result.Findings.Select(f => (f.MinimalResult.Case, Comments(f, result.Seed, target, options))).ToList();
        File.WriteAllText(path, CaseFileWriter.Write(string.Create(CultureInfo.InvariantCulture, $"Property fuzzing counterexamples, seed {result.Seed}"), cases));
        return result with { Findings = [.. result.Findings.Select(f => f with { CaseFile = path })] };
    }

    private static IReadOnlyList<string> Comments(Finding finding, int seed, Uri target, FuzzOptions options) =>
    [
        string.Create(CultureInfo.InvariantCulture, $"seed {seed}, run {finding.Run} (wsconf fuzz property --seed {seed} --runs {finding.Run}{options.TransportFlag} regenerates it)"),
        $"found against {target} over {options.TransportTo(target)}{(options.EngineOptions.Http2 ? " (replay with wsconf run --http2)" : "")}: the server's deviation: {finding.Deviation}; {VerdictNames.Of(finding.Judgement.Behavior)}: {OneLine(finding.Judgement.Result)}",
        string.Create(CultureInfo.InvariantCulture, $"explains {finding.Occurrences} failing run(s) of {FindingText.Categories(finding)}"),
        string.Create(CultureInfo.InvariantCulture,
            $"shrunk from {finding.Original.FrameCount} frames ({finding.Original.PayloadBytes} payload bytes) to {finding.Minimal.FrameCount} in {finding.ShrinkSteps} steps ({finding.ShrinkRuns} runs)"),
    ];

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
