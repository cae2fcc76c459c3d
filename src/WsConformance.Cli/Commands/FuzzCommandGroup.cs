using System.CommandLine;

namespace WsConformance.Cli.Commands;

/// <summary><c>wsconf fuzz</c>: the fuzzing commands.</summary>
internal static class FuzzCommandGroup
{
    public static Command Create() => new("fuzz", "Fuzz a WebSocket server.")
    {
        FuzzPropertyCommand.Create(),
    };
}
