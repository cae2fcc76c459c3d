using System.CommandLine;
using WsConformance.Cases;

namespace WsConformance.Cli.Commands;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static Option<string[]> Cases() => new("--cases")
    {
        Description = "Case patterns as Autobahn's (\"6.*\", \"7.9.*\", \"2.10\"), section names (\"handshake\"), RFC sections (\"rfc:5.2\", \"rfc7692:7.2\"), or folders/.yaml files to load cases from. Repeatable.",
        AllowMultipleArgumentsPerToken = true,
    };

    public static Option<string[]> Exclude() => new("--exclude")
    {
        Description = "Patterns of cases to leave out (wins over --cases). Repeatable.",
        AllowMultipleArgumentsPerToken = true,
    };

    public static void PrintErrors(IEnumerable<CaseFileError> errors)
    {
        foreach (var error in errors)
        {
            Console.Error.WriteLine(error.ToString());
        }
    }
}
