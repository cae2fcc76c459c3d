using System.CommandLine;
using WsConformance.Cases;

namespace WsConformance.Cli.Commands;

/// <summary><c>wsconf validate [DIR]</c>: checks every case file of a folder and prints each error as file:line:column.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var directory = new Argument<string?>("DIR") { Description = "Folder of case files (default: the shipped catalog).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("validate", "Check case files: syntax, unknown keys, types, duplicate ids.") { directory };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(directory) ?? CatalogLoader.DefaultDirectory;
            if (!Directory.Exists(folder))
            {
                Console.Error.WriteLine($"wsconf: no such folder: {folder}");
                return ExitCodes.UsageError;
            }

            var errors = CatalogLoader.Validate(folder);
            if (errors.Count > 0)
            {
                CommonOptions.PrintErrors(errors);
                return ExitCodes.InvalidCaseFiles;
            }

            var count = CatalogLoader.LoadDirectory(folder).Cases.Count;
            Console.Error.WriteLine($"{count} cases in {folder}: all valid.");
            return ExitCodes.Success;
        });
        return command;
    }
}
