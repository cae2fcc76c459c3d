using System.CommandLine;
using WsConformance.Cases;
using WsConformance.Cases.Model;
using WsConformance.Engine.Judging;

namespace WsConformance.Cli.Commands;

/// <summary><c>wsconf validate [PATH]...</c>: checks case files (each PATH a folder or a .yaml file) and prints each error as file:line:column.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Case files or folders of case files (default: the shipped catalog).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("validate", "Check case files: syntax, unknown keys, types, duplicate ids.") { paths };
        command.SetAction(parse =>
        {
            var given = parse.GetValue(paths) is { Length: > 0 } values ? values : [CatalogLoader.DefaultDirectory];
            if (given.FirstOrDefault(p => !Directory.Exists(p) && !File.Exists(p)) is { } missing)
            {
                Console.Error.WriteLine($"wsconf: no such file or folder: {EventText.Quote(missing)}");
                return ExitCodes.UsageError;
            }

            var errors = given.SelectMany(p => Directory.Exists(p) ? CatalogLoader.Validate(p) : CatalogLoader.ValidateFile(p)).ToList();
            if (errors.Count > 0)
            {
                CommonOptions.PrintErrors(errors);
                return ExitCodes.InvalidCaseFiles;
            }

            foreach (var path in given)
            {
                Console.Error.WriteLine($"{Describe(Load(path))} in {path}: all valid.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static IReadOnlyList<CaseDefinition> Load(string path) =>
        Directory.Exists(path) ? CatalogLoader.LoadDirectory(path).Cases : CatalogLoader.LoadFile(path).Cases;

    /// <summary>"N cases (S for servers, C for clients)", the figures <c>run</c> and <c>serve</c> select from.</summary>
    private static string Describe(IReadOnlyList<CaseDefinition> cases)
    {
        var servers = cases.Count(c => (c.Testees & Testees.Servers) != 0);
        var clients = cases.Count(c => (c.Testees & Testees.Clients) != 0);
        return $"{cases.Count} cases ({servers} for servers, {clients} for clients)";
    }
}
