using WsConformance.Engine.Judging;

namespace WsConformance.Cli.Commands;

/// <summary>
/// The checks of <c>wsconf run</c>'s values that System.CommandLine cannot make (files, folders, counts that
/// depend on each other), made before anything runs: each failure is one line on stderr and exit 2.
/// </summary>
internal static class RunPreflight
{
    public static bool Passes(RunSettings settings)
    {
        var problems = Problems(settings).ToList();
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"wsconf: {problem}");
        }

        return problems.Count == 0;
    }

    private static IEnumerable<string> Problems(RunSettings settings)
    {
        if (OutputFolder.Problem(settings.OutputDirectory, "--out") is { } output)
        {
            yield return output;
        }

        if (settings.WriteBaseline is { } writeBaseline && OutputFolder.FileProblem(writeBaseline, "--write-baseline") is { } baseline)
        {
            yield return baseline;
        }

        if (settings.Agents.Count > Math.Max(1, settings.Targets.Count))
        {
            yield return $"--agent was given {settings.Agents.Count} times for {Math.Max(1, settings.Targets.Count)} target(s); give one --agent per --target, in order.";
        }

        foreach (var value in settings.Cases.Where(LooksLikeAutobahnSpec))
        {
            yield return $"--cases {EventText.Quote(value)} is a JSON file: for an Autobahn fuzzingclient spec use --spec {EventText.Quote(value)}.";
        }
    }

    private static bool LooksLikeAutobahnSpec(string value) =>
        value.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && File.Exists(value);
}
