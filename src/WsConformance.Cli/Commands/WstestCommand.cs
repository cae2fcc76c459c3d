using System.CommandLine;
using WsConformance.Cli.Autobahn;

namespace WsConformance.Cli.Commands;

/// <summary>
/// <c>wsconf wstest -m fuzzingclient|fuzzingserver -s SPEC</c>: Autobahn|Testsuite's own command line, so a
/// Makefile or CI script changes one word. It is <c>run --spec SPEC</c> or <c>serve --spec SPEC</c>, except
/// that FAILED cases exit 0 as with wstest (whose results are only in the reports): a script that runs wstest
/// and then diffs index.json against a golden file, under <c>set -e</c>, must still reach its diff.
/// </summary>
internal static class WstestCommand
{
    private const string FuzzingClient = "fuzzingclient";
    private const string FuzzingServer = "fuzzingserver";

    public static Command Create()
    {
        var mode = new Option<string>("--mode", "-m") { Description = $"{FuzzingClient} (test servers) or {FuzzingServer} (test clients).", Required = true };
        mode.AcceptOnlyFromAmong(FuzzingClient, FuzzingServer);
        var spec = new Option<string>("--spec", "-s") { Description = "The spec file (default, as wstest: ./MODE.json)." };
        var webport = new Option<int>("--webport", "-u") { Description = "wstest's web UI port: wsconf serves no web UI, so only 0 is accepted silently." }.Within(0, 65535);
        var command = new Command("wstest", "Autobahn|Testsuite's command line: 'wstest -m fuzzingclient -s spec.json' is 'run --spec spec.json', fuzzingserver is 'serve --spec'.")
        {
            mode, spec, webport,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = parse.GetValue(mode)!;
            var file = parse.GetValue(spec) ?? $"./{chosen}.json";
            if (parse.GetResult(webport) is { Implicit: false } && parse.GetValue(webport) != 0)
            {
                Console.Error.WriteLine("wsconf: warning: --webport not honoured: wsconf serves no web page; the reports are files in the spec's outdir");
            }

            string[] translated = chosen == FuzzingClient ? ["run", "--spec", file] : ["serve", "--spec", file];
            if (ServeSpecArguments.Expand(translated, out var exitCode) is not { } expanded)
            {
                return exitCode;
            }

            var result = await parse.RootCommandResult.Command.Parse(expanded).InvokeAsync(parse.InvocationConfiguration, cancellationToken);
            if (result != ExitCodes.Failed)
            {
                return result;
            }

            Console.Error.WriteLine($"wsconf: exit 0 despite FAILED cases, as wstest does; 'wsconf {expanded[0]} --spec {file}' exits {ExitCodes.Failed} for them.");
            return ExitCodes.Success;
        });
        return command;
    }
}
