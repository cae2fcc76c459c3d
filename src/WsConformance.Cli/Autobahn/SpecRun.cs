using Microsoft.Extensions.Logging;
using WsConformance.Cases.Model;
using WsConformance.Cli.Commands;
using WsConformance.Engine.Running;

namespace WsConformance.Cli.Autobahn;

/// <summary>
/// <c>wsconf run --spec fuzzingclient.json</c>: what wstest's fuzzingclient mode does with the spec. Servers are
/// tested one after another, each with its own handshake options, and an unreachable one does not stop the
/// others, nor does one that goes away mid-run (their cases are missing from the reports, as in wstest); the
/// reports go to the spec's outdir in Autobahn's layout, with wsconf's own formats beside them.
/// </summary>
internal static class SpecRun
{
    public static async Task<int> RunAsync(FuzzingClientSpec spec, RunSettings settings, CancellationToken cancellationToken)
    {
        using var loggerFactory = Logging.CreateFactory(settings.LogLevel);
        var logger = loggerFactory.CreateLogger("wsconf");
        foreach (var warning in spec.Warnings)
        {
            SpecLog.NotHonoured(logger, warning);
        }

        if (OutputFolder.Problem(spec.OutDir, "outdir") is { } problem)
        {
            Console.Error.WriteLine($"wsconf: {problem}");
            return ExitCodes.UsageError;
        }

        if (CaseSource.From([]).LoadForCommand([], Testees.Servers, logger, out var loadExit) is not { } catalog)
        {
            return loadExit;
        }

        var selected = spec.Select(catalog);
        var plans = await PlanAsync(spec, selected, settings, logger, cancellationToken);
        if (plans.Sum(p => p.Cases.Count) == 0)
        {
            Log.NoCaseSelected(logger);
            return plans.Count < spec.Servers.Count ? ExitCodes.HarnessError : ExitCodes.NoCaseSelected;
        }

        var run = await RunPlansAsync(plans, logger, settings.RunOptions.Concurrency, cancellationToken);
        var excluded = catalog.Where(c => c.AutobahnId is not null).Except(selected).ToList();
        var written = ReportFiles.WriteAll(spec.OutDir, run, excluded, logger, autobahnAtRoot: true);
        Summary.Print(run, written.HtmlPath);
        var exitCode = run.Error is null ? RunCommand.ExitCodeFor(run) : ExitCodes.HarnessError;
        return exitCode == ExitCodes.Success && plans.Count < spec.Servers.Count ? ExitCodes.HarnessError : exitCode;
    }

    /// <summary>One server with the handshake options the spec gives it and the cases left for its agent.</summary>
    private sealed record ServerPlan(Target Target, RunOptions Options, IReadOnlyList<CaseDefinition> Cases);

    /// <summary>Probes every server (naming it by its Server header when the spec gives no agent); unreachable ones are left out.</summary>
    private static async Task<List<ServerPlan>> PlanAsync(FuzzingClientSpec spec, IReadOnlyList<CaseDefinition> selected, RunSettings settings,
        ILogger logger, CancellationToken cancellationToken)
    {
        var plans = new List<ServerPlan>();
        foreach (var server in spec.Servers)
        {
            var options = OptionsFor(server, settings.RunOptions);
            var probeSettings = settings with { Targets = [server.Url], Agents = server.Agent is { } agent ? [agent] : [], RunOptions = options };
            if (await TargetProbe.ResolveAsync(probeSettings, null, logger, cancellationToken) is { Unreachable: null, Targets: [var target] })
            {
                plans.Add(new ServerPlan(target, options, [.. selected.Where(c => !spec.ExcludedFor(target.Agent, c.AutobahnId!))]));
            }
        }

        return plans;
    }

    private static RunOptions OptionsFor(SpecServer server, RunOptions options)
    {
        var headers = (options.ExtraHeaders ?? []).ToList();
        if (server.Origin is { } origin)
        {
            headers.Add(new("Origin", origin));
        }

        return options with
        {
            Protocols = [.. options.Protocols ?? [], .. server.Protocols],
            ExtraHeaders = headers,
            ServerName = server.Hostname ?? options.ServerName,
        };
    }

    private static async Task<RunResult> RunPlansAsync(IReadOnlyList<ServerPlan> plans, ILogger logger, int concurrency, CancellationToken cancellationToken)
    {
        var progress = ProgressDisplay.Create(plans.Sum(p => p.Cases.Count));
        var runs = new List<RunResult>();
        foreach (var plan in plans.Where(p => p.Cases.Count > 0))
        {
            Log.RunStarting(logger, plan.Cases.Count, $"{plan.Target.Agent} <{plan.Target.Uri}>", concurrency);
            var run = await ConformanceRun.RunAsync(plan.Cases, [plan.Target], plan.Options, progress.OnCaseFinished, cancellationToken);
            runs.Add(run);
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        progress.Complete();
        return new RunResult([.. runs.SelectMany(r => r.Targets)], [.. runs.SelectMany(r => r.Results)], runs[0].Started, runs[^1].Ended,
            runs.All(r => r.Complete) && runs.Count == plans.Count(p => p.Cases.Count > 0), runs.Select(r => r.Error).OfType<string>().FirstOrDefault());
    }
}

/// <summary>Log messages of Autobahn spec input (event ids 80+).</summary>
internal static partial class SpecLog
{
    [LoggerMessage(EventId = 80, Level = LogLevel.Warning, Message = "{Warning}")]
    public static partial void NotHonoured(ILogger logger, string warning);
}
