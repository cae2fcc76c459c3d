using Microsoft.Extensions.Logging;
using WsConformance.Cases;
using WsConformance.Cases.Model;
using WsConformance.Engine.Judging;

namespace WsConformance.Cli;

/// <summary>
/// Which cases a command works on. <c>--cases</c> values that name a folder or a .yaml file load cases from there
/// (e.g. a fuzzer's saved counterexamples); the others are Autobahn-style patterns over the shipped catalog.
/// </summary>
internal sealed record CaseSource(IReadOnlyList<string> Sources, IReadOnlyList<string> Patterns)
{
    public static CaseSource From(IReadOnlyList<string> values)
    {
        var sources = values.Where(v => Directory.Exists(v) || (File.Exists(v) && v.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))).ToList();
        return new CaseSource(sources, values.Except(sources).ToList());
    }

    /// <summary>
    /// A <c>--cases</c> value that names a path (a case id never holds a '/' or ends in .yaml) but is no folder and
    /// no .yaml file, as one line; null when there is none. Otherwise it would be a pattern matching nothing.
    /// </summary>
    public string? MissingSource() =>
        Patterns.FirstOrDefault(p => p.Contains('/', StringComparison.Ordinal) || p.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
            || p.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)) is { } path
            ? $"--cases {EventText.Quote(path)}: no such folder or .yaml case file"
            : null;

    /// <summary>Loads and selects; throws <see cref="CaseLoadException"/> with every error of every file.</summary>
    /// <param name="testees">Keep the cases that test these endpoints (servers for <c>run</c>, clients for <c>serve</c>).</param>
    public IReadOnlyList<CaseDefinition> Load(IReadOnlyList<string> exclude, Testees testees = Testees.Servers)
    {
        var all = Sources.Count == 0
            ? CatalogLoader.LoadDirectory(CatalogLoader.DefaultDirectory).Cases
            : Sources.SelectMany(LoadOne).ToList();
        return CaseSelector.Select(all.Where(c => (c.Testees & testees) != 0).ToList(), Patterns, exclude);
    }

    /// <summary>
    /// Loads and selects for a command, reporting problems the way every command does: null with
    /// <paramref name="exitCode"/> set when the case files are invalid (3) or nothing is selected (5).
    /// </summary>
    public IReadOnlyList<CaseDefinition>? LoadForCommand(IReadOnlyList<string> exclude, Testees testees, ILogger logger, out int exitCode)
    {
        exitCode = ExitCodes.Success;
        if (MissingSource() is { } missing)
        {
            Console.Error.WriteLine($"wsconf: {missing}");
            exitCode = ExitCodes.UsageError;
            return null;
        }

        try
        {
            var cases = Load(exclude, testees);
            if (cases.Count > 0)
            {
                return cases;
            }

            Log.NoCaseSelected(logger);
            exitCode = ExitCodes.NoCaseSelected;
        }
        catch (CaseLoadException e)
        {
            Commands.CommonOptions.PrintErrors(e.Errors);
            Log.InvalidCaseFiles(logger, e.Errors.Count);
            exitCode = ExitCodes.InvalidCaseFiles;
        }

        return null;
    }

    /// <summary>The cases <paramref name="exclude"/> took out of what the patterns would select, for the reports' skipped lists.</summary>
    public IReadOnlyList<CaseDefinition> Excluded(IReadOnlyList<string> exclude, IReadOnlyList<CaseDefinition> selected, Testees testees)
    {
        var ran = selected.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        return exclude.Count == 0 ? [] : Load([], testees).Where(c => !ran.Contains(c.Id)).ToList();
    }

    private static IReadOnlyList<CaseDefinition> LoadOne(string source) =>
        Directory.Exists(source) ? CatalogLoader.LoadDirectory(source).Cases : CatalogLoader.LoadFile(source).Cases;
}
