using WsConformance.Cli.Commands;

namespace WsConformance.Cli.Autobahn;

/// <summary>
/// <c>wsconf run --spec FILE</c>: the spec names the servers, the cases and the output folder, so the options
/// that would say the same again are refused rather than one of the two silently losing.
/// </summary>
internal static class SpecCommandLine
{
    public static async Task<int> RunAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        if (Conflicts(settings).ToList() is { Count: > 0 } conflicts)
        {
            Console.Error.WriteLine($"wsconf: {string.Join(", ", conflicts)} cannot be combined with --spec: the spec's servers, agent, cases, exclude-cases and outdir say that (see 'wsconf run --help')");
            return ExitCodes.UsageError;
        }

        FuzzingClientSpec spec;
        try
        {
            spec = FuzzingClientSpec.Read(settings.Spec!);
        }
        catch (SpecException e)
        {
            Console.Error.WriteLine($"wsconf: {e.Message}");
            return ExitCodes.UsageError;
        }

        return await SpecRun.RunAsync(spec, settings, cancellationToken);
    }

    private static IEnumerable<string> Conflicts(RunSettings settings)
    {
        (bool Given, string Option)[] options =
        [
            (settings.Targets.Count > 0, "--target"), (settings.Agents.Count > 0, "--agent"), (settings.Cases.Count > 0, "--cases"),
            (settings.Exclude.Count > 0, "--exclude"), (settings.OutputDirectory != RunCommandOptions.DefaultOutput, "--out"),
            (settings.Baseline is not null, "--baseline"), (settings.WriteBaseline is not null, "--write-baseline"),
        ];
        return options.Where(o => o.Given).Select(o => o.Option);
    }
}
