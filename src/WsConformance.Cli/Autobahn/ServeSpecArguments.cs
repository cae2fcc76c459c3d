using System.CommandLine;
using WsConformance.Cases;
using WsConformance.Cli.Commands;

namespace WsConformance.Cli.Autobahn;

/// <summary>
/// <c>wsconf serve --spec fuzzingserver.json</c>: before parsing, <c>--spec FILE</c> is replaced by the serve
/// options the spec amounts to (<see cref="FuzzingServerSpec"/>), so serve itself stays one code path.
/// </summary>
internal static class ServeSpecArguments
{
    private const string SpecOption = "--spec";

    /// <summary>Read by <c>serve</c>: index.json and the per-case files go directly into --out, as wstest writes them.</summary>
    public static Option<bool> AutobahnLayout { get; } = new(FuzzingServerSpec.AutobahnLayoutOption)
    {
        Description = "Write Autobahn's index.json and per-case files directly into --out (as wstest does) instead of --out/autobahn/.",
        Hidden = true,
    };

    /// <summary>Lists --spec in serve's help (it never reaches the parser) and adds the layout switch.</summary>
    public static Command WithSpecOptions(this Command serve)
    {
        serve.Options.Add(new Option<string>(SpecOption)
        {
            Description = "An Autobahn|Testsuite fuzzingserver.json: url, outdir, cases, exclude-cases, honoured as wstest does (fields wsconf does not honour are named in warnings).",
        });
        serve.Options.Add(AutobahnLayout);
        return serve;
    }

    /// <summary>
    /// <paramref name="args"/> with a serve command's <c>--spec FILE</c> expanded; unchanged for other commands.
    /// Null, with the exit code set and the reason printed, when the spec cannot be used.
    /// </summary>
    public static string[]? Expand(string[] args, out int exitCode)
    {
        exitCode = ExitCodes.Success;
        var at = Array.FindIndex(args, a => a == SpecOption || a.StartsWith(SpecOption + "=", StringComparison.Ordinal) || a.StartsWith(SpecOption + ":", StringComparison.Ordinal));
        if (args.Length == 0 || args[0] != "serve" || at < 0)
        {
            return args;
        }

        try
        {
            // --spec FILE, --spec=FILE and --spec:FILE, as System.CommandLine would read them.
            var inline = args[at].Length > SpecOption.Length;
            var file = inline ? args[at][(SpecOption.Length + 1)..]
                : at + 1 < args.Length ? args[at + 1] : throw new SpecException($"{SpecOption} needs a file name (see 'wsconf serve --help')");
            var (arguments, warnings) = FuzzingServerSpec.ToServeArguments(file);
            foreach (var warning in warnings)
            {
                Console.Error.WriteLine($"wsconf: warning: {warning}");
            }

            return [.. args[..at], .. arguments, .. args[(at + (inline ? 1 : 2))..]];
        }
        catch (SpecException e)
        {
            Console.Error.WriteLine($"wsconf: {e.Message}");
            exitCode = ExitCodes.UsageError;
        }
        catch (CaseLoadException e)
        {
            CommonOptions.PrintErrors(e.Errors);
            exitCode = ExitCodes.InvalidCaseFiles;
        }

        return null;
    }
}
