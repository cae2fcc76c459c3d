using System.CommandLine;
using WsConformance.Cli;
using WsConformance.Cli.Commands;

var root = new RootCommand($"wsconf — WebSocket (RFC 6455) conformance testing. {ExitCodes.Help}")
{
    RunCommand.Create(),
    ServeCommand.Create(),
    ListCommand.Create(),
    ValidateCommand.Create(),
    ReportCommand.Create(),
    BenchCommand.Create(),
    FuzzCommand.Create(),
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"wsconf: {error.Message}");
    }

    Console.Error.WriteLine("Run 'wsconf --help' for usage.");
    return ExitCodes.UsageError;
}

return await parsed.InvokeAsync();
