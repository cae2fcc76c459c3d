using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using WsConformance.Cases;
using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Targets;

namespace WsConformance.Cli.Commands;

/// <summary>
/// <c>wsconf bench</c>: runs the selected catalog several times in one process against a target and prints the
/// wall time of each run (the first one cold, with JIT), the median of the others, and the process's peak
/// working set — the figures the speed and memory targets are stated in. Against a single-threaded server the server
/// sets the pace: with <c>--peer-pid</c> each run also gives the server's CPU time in it, and the wall time as a ratio to
/// that (1.0 would be a harness that never keeps the server waiting).
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var target = new Option<Uri[]>("--target", "-t") { Description = "Server to run against (default: the embedded echo server).", CustomParser = TargetUri.ParseAll };
        var runs = new Option<int>("--runs") { Description = "Measured runs after the cold one.", DefaultValueFactory = _ => 5 }.Within(1, int.MaxValue);
        var cases = CommonOptions.Cases();
        var exclude = CommonOptions.Exclude();
        var concurrency = new Option<int>("--concurrency", "-j") { Description = "Cases in flight at once.", DefaultValueFactory = _ => 32 }.Within(1, RunCommandOptions.MaxConcurrency);
        var peerPid = new Option<int?>("--peer-pid") { Description = "Process id of the server under test (on this machine): report its CPU time per run and the wall time as a ratio to it." };
        var http2 = new Option<bool>("--http2") { Description = "Open every WebSocket over HTTP/2 (RFC 8441), as run --http2 does; HTTP/1.1-only cases are left out." };
        var command = new Command("bench", "Time whole-catalog runs against a server (median wall time, peak memory).") { target, runs, cases, exclude, concurrency, peerPid, http2 };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IReadOnlyList<CaseDefinition> selected;
            try
            {
                selected = CaseSource.From(parse.GetValue(cases) ?? []).Load(parse.GetValue(exclude) ?? []);
            }
            catch (CaseLoadException e)
            {
                CommonOptions.PrintErrors(e.Errors);
                return ExitCodes.InvalidCaseFiles;
            }

            var overHttp2 = parse.GetValue(http2);
            selected = [.. selected.Except(Http2Applicability.NotCarried(selected, overHttp2))];

            var uri = (parse.GetValue(target) ?? []).FirstOrDefault();
            await using var embedded = uri is null ? await EchoServer.StartAsync(http2: overHttp2, cancellationToken: cancellationToken) : null;
            var runTarget = new Target(uri ?? embedded!.Uri, uri is null ? EchoServer.Agent : uri.Authority);
            var options = new RunOptions(Concurrency: parse.GetValue(concurrency)) { Http2 = overHttp2 };
            using var peer = PeerProcess(parse.GetValue(peerPid));
            if (peer is null && parse.GetValue(peerPid) is { } missing)
            {
                Console.Error.WriteLine($"wsconf bench: no process {missing} to measure (--peer-pid).");
                return ExitCodes.UsageError;
            }

            await MeasureAsync(selected, runTarget, options, parse.GetValue(runs), peer, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Process? PeerProcess(int? pid)
    {
        try
        {
            return pid is { } id ? Process.GetProcessById(id) : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static async Task MeasureAsync(IReadOnlyList<CaseDefinition> cases, Target target, RunOptions options, int runs, Process? peer, CancellationToken cancellationToken)
    {
        var output = Console.Out;
        output.WriteLine($"machine: {Environment.ProcessorCount} cores, {CpuModel()}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        output.WriteLine($"target: {target.Uri} ({target.Agent}) over {Transports.For(target.Uri, options.Http2)}, {cases.Count} cases, concurrency {options.Concurrency}");
        var seconds = new List<double>();
        var ratios = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            var peerCpuBefore = PeerCpu(peer);
            var clock = Stopwatch.StartNew();
            var result = await ConformanceRun.RunAsync(cases, [target], options, null, cancellationToken);
            clock.Stop();
            var peerCpu = PeerCpu(peer) - peerCpuBefore;
            var counts = string.Join(", ", result.Results.GroupBy(r => r.Behavior).OrderBy(g => g.Key).Select(g => $"{g.Count()} {VerdictNames.Of(g.Key)}"));
            var pace = peer is null ? "" : string.Create(CultureInfo.InvariantCulture,
                $"; server CPU {peerCpu.TotalSeconds:0.000} s, wall/server CPU {clock.Elapsed / peerCpu:0.00}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}{(run == 0 ? " (cold)" : "")}: {clock.Elapsed.TotalSeconds:0.000} s — {counts}{pace}"));
            if (run > 0)
            {
                seconds.Add(clock.Elapsed.TotalSeconds);
                ratios.Add(clock.Elapsed / peerCpu);
            }
        }

        var peakMegabytes = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        seconds.Sort();
        var ratio = peer is null ? "" : string.Create(CultureInfo.InvariantCulture, $"; median wall/server CPU {Median(ratios):0.00}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median of {seconds.Count} warm runs: {Median(seconds):0.000} s (min {seconds[0]:0.000}, max {seconds[^1]:0.000}){ratio}; peak working set {peakMegabytes:0} MB"));
    }

    private static TimeSpan PeerCpu(Process? peer)
    {
        peer?.Refresh();
        return peer?.TotalProcessorTime ?? TimeSpan.Zero;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var line = File.Exists(cpuInfo) ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
}
