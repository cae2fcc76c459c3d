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

// On Ctrl-C a command stops its work and still writes its reports, listing what did not run; System.CommandLine's
// default of 2 s before it gives up on the command is too short for that on a loaded machine.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
