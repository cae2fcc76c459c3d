using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.PropertyFuzzing.Generation;
using WsConformance.PropertyFuzzing.Reporting;
using WsConformance.PropertyFuzzing.Running;
using WsConformance.Targets;

namespace WsConformance.Cli.Commands;

/// <summary>
/// <c>wsconf fuzz property</c>: random conversations against a live server, judged by the reference model; each
/// confirmed deviation is shrunk and saved as a case file that <c>wsconf run --cases DIR</c> replays. The run and its
/// findings are reported in fuzz-report.json and fuzz-report.html.
/// </summary>
internal static partial class FuzzPropertyCommand
{
    private const int DefaultRuns = 1000;
    private const int DefaultSeed = 6455;
    private const int DefaultConcurrency = 64;

    public static Command Create()
    {
        var target = new Option<Uri[]>("--target", "-t") { Description = "ws:// or wss:// URL of the server (default: the embedded echo server).", CustomParser = TargetUri.ParseAll };
        var runs = new Option<int>("--runs", "-n") { Description = "Conversations to generate and run.", DefaultValueFactory = _ => DefaultRuns }.Within(1, int.MaxValue);
        var seed = new Option<int>("--seed") { Description = "Generator seed: the same seed gives the same conversations (and masking keys).", DefaultValueFactory = _ => DefaultSeed };
        var maxFrames = new Option<int>("--max-frames") { Description = "Most frames in one conversation.", DefaultValueFactory = _ => ConversationGenerator.DefaultMaxFrames }.Within(1, int.MaxValue);
        var output = new Option<string>("--out", "-o") { Description = "Folder for fuzz-report.json, fuzz-report.html and fuzz-cases/.", DefaultValueFactory = _ => "reports" };
        var timeoutScale = new Option<double>("--timeout-scale") { Description = "Multiply every case and protocol timer (slow CI machines).", DefaultValueFactory = _ => 1.0 }.Positive(RunCommandOptions.MaxTimeoutScale);
        var concurrency = new Option<int>("--concurrency", "-j") { Description = "Conversations in flight at once (each is short: most of its time is spent waiting).", DefaultValueFactory = _ => DefaultConcurrency }.Within(1, RunCommandOptions.MaxConcurrency);
        var headers = new Option<string[]>("--header", "-H") { Description = "Extra handshake header 'Name: value'. Repeatable.", CustomParser = HeaderOption.ParseAll };
        var insecure = new Option<bool>("--insecure", "-k") { Description = "Accept any TLS certificate (self-signed test servers)." };
        var http2 = new Option<bool>("--http2") { Description = "Open every conversation's WebSocket over HTTP/2 (RFC 8441 extended CONNECT; h2c for ws://, ALPN h2 for wss://), as run --http2 does." };
        var logLevel = new Option<LogLevel>("--log-level") { Description = "Minimum level of log lines on stderr.", DefaultValueFactory = _ => LogLevel.Information };
        var command = new Command("property", "Property-based fuzzing: random conversations checked against a reference model; findings are shrunk to replayable case files.")
        {
            target, runs, seed, maxFrames, output, timeoutScale, concurrency, headers, insecure, http2, logLevel,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var engine = new RunOptions(
                Concurrency: parse.GetValue(concurrency),
                TimeoutScale: parse.GetValue(timeoutScale),
                ExtraHeaders: (parse.GetValue(headers) ?? []).Select(HeaderOption.Split).ToList(),
                AcceptAnyCertificate: parse.GetValue(insecure),
                Seed: parse.GetValue(seed))
            {
                Http2 = parse.GetValue(http2),
            };
            var settings = new RunSettings(parse.GetValue(target) ?? [], [], parse.GetValue(output)!, [], [], engine, parse.GetValue(logLevel));
            var options = new FuzzOptions(parse.GetValue(runs), parse.GetValue(seed), parse.GetValue(maxFrames), engine);
            return RunAsync(settings, options, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(RunSettings settings, FuzzOptions options, CancellationToken cancellationToken)
    {
        if (OutputFolder.Problem(settings.OutputDirectory, "--out") is { } outputProblem)
        {
            Console.Error.WriteLine($"wsconf: {outputProblem}");
            return ExitCodes.UsageError;
        }

        using var loggerFactory = Logging.CreateFactory(settings.LogLevel);
        var logger = loggerFactory.CreateLogger("wsconf");
        await using var embedded = settings.Targets.Count == 0 ? await EchoServer.StartAsync(http2: options.EngineOptions.Http2, cancellationToken: cancellationToken) : null;
        var (targets, unreachable) = await TargetProbe.ResolveAsync(settings, embedded, logger, cancellationToken);
        if (unreachable is not null)
        {
            return ExitCodes.HarnessError;
        }

        var target = targets[0];
        FuzzLog.Starting(logger, options.Runs, target.Agent, target.Uri, Transports.For(target.Uri, options.EngineOptions.Http2), options.Seed, options.EngineOptions.Concurrency);
        var progress = ProgressDisplay.Create(options.Runs);
        var result = await new PropertyFuzzer(target, options).RunAsync(progress.OnCaseFinished, cancellationToken);
        progress.Complete();
        Directory.CreateDirectory(settings.OutputDirectory);
        result = FindingFiles.WriteCaseFile(settings.OutputDirectory, result, target.Uri, options);
        var report = Path.Combine(settings.OutputDirectory, FuzzReportWriter.FileName);
        await using (var stream = File.Create(report))
        {
            FuzzReportWriter.Write(stream, result, target, options);
        }

        Log.ReportWritten(logger, report);
        var page = Path.Combine(settings.OutputDirectory, FuzzHtmlReportWriter.FileName);
        FuzzHtmlReportWriter.Write(page, result, target, options);
        Log.ReportWritten(logger, page);
        PrintSummary(result);
        return !result.Complete ? ExitCodes.Interrupted : result.Findings.Count > 0 ? ExitCodes.Failed : ExitCodes.Success;
    }

    private static void PrintSummary(FuzzResult result)
    {
        var error = Console.Error;
        foreach (var finding in result.Findings)
        {
            error.WriteLine($"× {finding.MinimalResult.Case.Id}: {finding.Deviation} ({finding.Occurrences} failing run(s): {FindingText.Categories(finding)}; shrunk from run {finding.Run} to {finding.Minimal.FrameCount} frames in {finding.ShrinkSteps} steps)");
            error.WriteLine($"    {finding.Minimal.Summary}");
            error.WriteLine($"    {finding.Judgement.Result}");
            error.WriteLine($"    case file: {finding.CaseFile}");
        }

        var verdicts = string.Join(", ", result.Verdicts.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Value} {v.Key}"));
        var rate = result.Elapsed.TotalSeconds > 0 ? result.Runs / result.Elapsed.TotalSeconds : 0;
        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Runs} conversations in {result.Elapsed.TotalSeconds:0.00} s ({rate:0} per second; shrinking {result.ShrinkElapsed.TotalSeconds:0.0} s), seed {result.Seed}: {verdicts}; {result.Findings.Count} distinct finding(s), {result.Flaky} flaky, {result.Skipped} skipped{(result.Complete ? "" : " — interrupted")}"));
    }

    /// <summary>Log messages of this command (event ids 500+, clear of the shared ones).</summary>
    private static partial class FuzzLog
    {
        [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Fuzzing {Runs} conversations against {Agent} <{Uri}> over {Transport}, seed {Seed} ({Concurrency} at a time)")]
        public static partial void Starting(ILogger logger, int runs, string agent, Uri uri, string transport, int seed, int concurrency);
    }
}
