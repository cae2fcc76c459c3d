using System.CommandLine;
using Microsoft.Extensions.Logging;
using WsConformance.Cases;
using WsConformance.Cases.Model;
using WsConformance.Cli.Autobahn;
using WsConformance.Engine.Running;
using WsConformance.Targets;

namespace WsConformance.Cli.Commands;

/// <summary><c>wsconf run</c>: runs the selected cases against each target and writes the reports.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var options = new RunCommandOptions();
        var command = new Command("run", "Run conformance cases against WebSocket servers (the embedded Kestrel echo server, permessage-deflate on, when no --target is given).");
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(options.Read(parse), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Spec is not null)
        {
            if (settings.RunOptions.Http2)
            {
                Console.Error.WriteLine("wsconf: --http2 does not apply to --spec: an Autobahn spec describes HTTP/1.1 servers; pass the servers with --target instead.");
                return ExitCodes.UsageError;
            }

            return await SpecCommandLine.RunAsync(settings, cancellationToken);
        }

        if (!RunPreflight.Passes(settings))
        {
            return ExitCodes.UsageError;
        }

        using var loggerFactory = Logging.CreateFactory(settings.LogLevel);
        var logger = loggerFactory.CreateLogger("wsconf");
        if (CaseSource.From(settings.Cases).LoadForCommand(settings.Exclude, Testees.Servers, logger, out var loadExit) is not { } cases)
        {
            return loadExit;
        }

        var notCarried = Http2Applicability.NotCarried(cases, settings.RunOptions.Http2);
        if (notCarried.Count > 0)
        {
            var ids = string.Join(", ", notCarried.Select(c => c.Id));
            if (settings.RunOptions.Http2)
            {
                Log.Http11OnlySkipped(logger, notCarried.Count, ids);
            }
            else
            {
                Log.Http2OnlySkipped(logger, notCarried.Count, ids);
            }

            cases = [.. cases.Except(notCarried)];
        }

        var baseline = settings.Baseline is null ? null : BaselineGate.Load(settings.Baseline);
        if (settings.Baseline is not null && baseline is null)
        {
            return ExitCodes.UsageError;
        }

        // With permessage-deflate on, the first run judges sections 12 and 13 instead of reporting them UNIMPLEMENTED.
        await using var embedded = settings.Targets.Count == 0 ? await EchoServer.StartAsync(compression: true, http2: settings.RunOptions.Http2, cancellationToken: cancellationToken)
            : null;
        var (targets, unreachable) = await TargetProbe.ResolveAsync(settings, embedded, logger, cancellationToken);
        if (unreachable is not null)
        {
            // CI uploads the reports whatever the exit code: they must exist, and say why they hold no case.
            var now = DateTimeOffset.UtcNow;
            var nothingRan = new RunResult(targets, [], now, now, Complete: false, unreachable) { Selected = cases, NotRunReason = unreachable };
            ReportFiles.WriteAll(settings.OutputDirectory, nothingRan, [.. Excluded(settings, cases).Union(notCarried)], logger);
            return ExitCodes.HarnessError;
        }

        Log.RunStarting(logger, cases.Count, string.Join(", ", targets.Select(t => $"{t.Agent} <{t.Uri}>")), settings.RunOptions.Concurrency);
        var progress = ProgressDisplay.Create(cases.Count * targets.Count);
        var run = await ConformanceRun.RunAsync(cases, targets, settings.RunOptions, progress.OnCaseFinished, cancellationToken);
        progress.Complete();
        var written = ReportFiles.WriteAll(settings.OutputDirectory, run, [.. Excluded(settings, cases).Union(notCarried)], logger);
        var report = written.Report;
        Summary.Print(run, written.HtmlPath);
        if (run.Error is { } error)
        {
            Log.RunStoppedShort(logger, error);
            return ExitCodes.HarnessError;
        }

        if (settings.WriteBaseline is not null)
        {
            BaselineGate.Write(settings.WriteBaseline, report);
            Log.ReportWritten(logger, settings.WriteBaseline);
        }

        if (baseline is not null && run.Complete)
        {
            return BaselineGate.Check(baseline, report, settings.Baseline!) ? ExitCodes.Success : ExitCodes.Failed;
        }

        return ExitCodeFor(run);
    }

    /// <summary>The cases --exclude took out of the selection, for the reports' skipped lists.</summary>
    private static IReadOnlyList<CaseDefinition> Excluded(RunSettings settings, IReadOnlyList<CaseDefinition> selected)
    {
        var ran = selected.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        return settings.Exclude.Count == 0 ? [] : CaseSource.From(settings.Cases).Load([]).Where(c => !ran.Contains(c.Id)).ToList();
    }

    internal static int ExitCodeFor(RunResult run)
    {
        if (!run.Complete)
        {
            return ExitCodes.Interrupted;
        }

        if (!run.IsComplete)
        {
            return ExitCodes.NotComplete;
        }

        if (run.Results.Any(r => r.Behavior == Verdict.Failed))
        {
            return ExitCodes.Failed;
        }

        return run.Results.Any(r => r.Behavior == Verdict.Error) ? ExitCodes.HarnessError : ExitCodes.Success;
    }
}
