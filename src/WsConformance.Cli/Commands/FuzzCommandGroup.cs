using System.CommandLine;

namespace WsConformance.Cli.Commands;

/// <summary><c>wsconf fuzz</c>: the coverage-guided commands of <see cref="FuzzCommand"/> plus <c>property</c>.</summary>
internal static class FuzzCommandGroup
{
    public static Command Create()
    {
        var fuzz = FuzzCommand.Create();
        fuzz.Subcommands.Add(FuzzPropertyCommand.Create());
        return fuzz;
    }
}
