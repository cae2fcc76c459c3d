using System.CommandLine;
using WsConformance.Cli;
using WsConformance.Cli.Autobahn;
using WsConformance.Cli.Commands;

var root = new RootCommand($"wsconf — WebSocket (RFC 6455) conformance testing. {ExitCodes.Help}")
{
    RunCommand.Create(),
    ServeCommand.Create().WithSpecOptions(),
    ListCommand.Create(),
    ValidateCommand.Create(),
    ReportCommand.Create(),
    BenchCommand.Create(),
    FuzzCommand.Create(),
    WstestCommand.Create(),
};

if (ServeSpecArguments.Expand(args, out var specExit) is not { } expanded)
{
    return specExit;
}

var parsed = root.Parse(expanded);
if (parsed.Errors.Count > 0)
{
    var help = $"(see '{string.Join(' ', CommandPath(parsed.CommandResult))} --help')";
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"wsconf: {error.Message} {help}");
    }

    return ExitCodes.UsageError;
}

// No stack trace for anything a user typed: every known bad input is caught where it is read, and whatever
// slips through is still one line (the trace only on request, for a bug report). On Ctrl-C a command stops its
// work and still writes its reports, listing what did not run: System.CommandLine's default of 2 s before it
// gives up on the command is too short for that on a loaded machine.
try
{
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
}
catch (Exception e) when (Environment.GetEnvironmentVariable(UnexpectedError.TraceVariable) is not "1")
{
    return UnexpectedError.Report(e);
}

static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult? command) =>
    command is null ? [] : CommandPath(command.Parent as System.CommandLine.Parsing.CommandResult).Append(command.Command is RootCommand ? "wsconf" : command.Command.Name);
