using System.CommandLine;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using WsConformance.Cases;
using WsConformance.Cli.Browsers;
using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Engine.Serving;

namespace WsConformance.Cli.Commands;

/// <summary>
/// <c>wsconf serve</c>: tests WebSocket clients. A server on the reference codec plays the server side of each
/// case for the client that asks for it, through Autobahn|Testsuite's fuzzing-server protocol.
/// </summary>
internal static class ServeCommand
{
    /// <summary>A week: longer is a typo, and far longer overflows the timer.</summary>
    private const double MaxIdleTimeout = 7 * 24 * 3600;

    private static readonly Option<int> Port = new Option<int>("--port", "-p") { Description = "TCP port to listen on (0: any free port, printed at start).", DefaultValueFactory = _ => 9001 }.Within(0, 65535);
    private static readonly Option<string> Host = new("--host") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
    private static readonly Option<string> Out = new("--out", "-o") { Description = "Folder for the reports.", DefaultValueFactory = _ => "reports" };
    private static readonly Option<string[]> Cases = CommonOptions.Cases();
    private static readonly Option<string[]> Exclude = CommonOptions.Exclude();
    private static readonly Option<double> TimeoutScale = new Option<double>("--timeout-scale") { Description = "Multiply every case and protocol timer.", DefaultValueFactory = _ => 1.0 }.Positive(RunCommandOptions.MaxTimeoutScale);
    private static readonly Option<bool> StrictTiming = new("--strict-timing") { Description = "Act on timers at once like Autobahn, instead of a grace period for a late client." };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed for masking keys of masked-on-purpose frames.", DefaultValueFactory = _ => 6455 };
    private static readonly Option<double> IdleTimeout = new Option<double>("--idle-timeout")
    {
        Description = "Stop, writing the reports, after this many seconds without client activity (a client that never comes back); "
            + "0: only /updateReports?shutdownOnComplete=true, /stopServer or Ctrl-C stop it.",
        DefaultValueFactory = _ => 120,
    }.NonNegative(MaxIdleTimeout);

    private static readonly Option<BrowserKind?> Browser = new("--browser")
    {
        Description = "Start this browser headless on the client page (http://HOST:PORT/client), stop it when the run ends "
            + "(also on Ctrl-C or the idle timeout), and exit with the run's exit code.",
    };

    private static readonly Option<bool> Http2 = new("--http2")
    {
        Description = "Also serve WebSockets over HTTP/2 (RFC 8441 extended CONNECT): h2c with prior knowledge on the same port, "
            + "and ALPN h2 under TLS. HTTP/1.1 keeps working on the same port.",
    };

    private static readonly Option<bool> Tls = new("--tls")
    {
        Description = "Serve TLS (wss://, https:// for the page) with a test CA and certificate generated for this run, written "
            + "into OUT/tls (trust wsconf-ca.pem in the client under test).",
    };

    private static readonly Option<string> Cert = new("--cert") { Description = "Serve TLS with this PEM certificate (with --key)." };
    private static readonly Option<string> Key = new("--key") { Description = "The PEM private key of --cert." };

    private static readonly Option<LogLevel> LogLevelOption = new("--log-level") { Description = "Minimum level of log lines on stderr.", DefaultValueFactory = _ => LogLevel.Information };

    public static Command Create()
    {
        var command = new Command("serve", "Test WebSocket clients: serve the cases through Autobahn's fuzzing-server protocol "
            + "(/getCaseCount, /runCase?case=N&agent=A, /updateReports?agent=A). Reports are written on /updateReports and when the server stops.");
        foreach (var option in new Option[] { Port, Host, Out, Cases, Exclude, TimeoutScale, StrictTiming, Seed, IdleTimeout, Browser, Http2, Tls, Cert, Key, LogLevelOption })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => ServeAsync(parse, cancellationToken));
        return command;
    }

    private static async Task<int> ServeAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var loggerFactory = Logging.CreateFactory(parse.GetValue(LogLevelOption));
        var logger = loggerFactory.CreateLogger("wsconf");
        if (!IPAddress.TryParse(parse.GetValue(Host), out var address))
        {
            Console.Error.WriteLine($"wsconf: --host must be an IP address, got '{parse.GetValue(Host)}'.");
            return ExitCodes.UsageError;
        }

        if (CaseSource.From(parse.GetValue(Cases) ?? []).LoadForCommand(parse.GetValue(Exclude) ?? [], Testees.Clients, logger, out var loadExit) is not { } cases)
        {
            return loadExit;
        }

        var browserKind = parse.GetValue(Browser);
        string? browserExecutable = null;
        if (browserKind is { } kind && (browserExecutable = HeadlessBrowser.Find(kind)) is null)
        {
            Console.Error.WriteLine($"wsconf: --browser {kind.ToString().ToLowerInvariant()}: none of {string.Join(", ", BrowserCommandLine.Executables(kind))} is on PATH "
                + $"(Debian: apt-get install {BrowserCommandLine.Executables(kind)[0]}).");
            return ExitCodes.UsageError;
        }

        var options = Options(parse);
        var output = parse.GetValue(Out)!;
        if (OutputFolder.Problem(output, "--out") is { } outputProblem)
        {
            Console.Error.WriteLine($"wsconf: {outputProblem}");
            return ExitCodes.UsageError;
        }

        if (TlsProblem(parse) is { } tlsProblem)
        {
            Console.Error.WriteLine($"wsconf: {tlsProblem}");
            return ExitCodes.UsageError;
        }

        using var certificate = Certificate(parse, output, address, out var trustedPem, out var certificateProblem);
        if (certificateProblem is not null)
        {
            Console.Error.WriteLine($"wsconf: {certificateProblem}");
            return ExitCodes.UsageError;
        }

        options = options with { Certificate = certificate };

        var excluded = CaseSource.From(parse.GetValue(Cases) ?? []).Excluded(parse.GetValue(Exclude) ?? [], cases, Testees.Clients);
        var started = DateTimeOffset.UtcNow;
        FuzzingServer? server = null;
        var reportGate = new SemaphoreSlim(1, 1);
        async Task WriteReportsAsync(RunResult run)
        {
            await reportGate.WaitAsync(CancellationToken.None);
            try
            {
                ReportFiles.WriteAll(output, run, excluded, logger, parse.GetValue(Autobahn.ServeSpecArguments.AutobahnLayout));
            }
            finally
            {
                reportGate.Release();
            }
        }

        try
        {
            server = FuzzingServer.Start(new IPEndPoint(address, parse.GetValue(Port)), cases, options,
                _ => WriteReportsAsync(RunOf(server!, started, stopped: null, options)),
                result => ServeLog.CaseServed(logger, result.Case.Id, result.Target.Agent, VerdictNames.Of(result.Behavior)),
                cancellationToken);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            Console.Error.WriteLine($"wsconf: cannot listen on {address}:{parse.GetValue(Port)}: {e.Message}");
            return ExitCodes.HarnessError;
        }

        await using (server)
        {
            ServeLog.Serving(logger, cases.Count, server.Url);
            var reason = browserKind is { } chosen
                ? await RunBrowserAsync(server, chosen, browserExecutable!, trustedPem, logger)
                : await server.Stopped;
            ServeLog.ServeStopped(logger, reason);
            var run = RunOf(server, started, reason, options);
            await WriteReportsAsync(run);
            Summary.Print(run);
            return ExitCodeFor(run);
        }
    }

    /// <summary>
    /// Starts the browser on the client page, which asks the server to shut down once every case ran; the browser is
    /// killed as soon as the server stops, for whatever reason. A browser that exits first ends the run incomplete.
    /// </summary>
    /// <param name="trustedPem">With TLS, the certificate the browser is told to trust (the generated CA, or the given certificate).</param>
    private static async Task<ServeStopReason> RunBrowserAsync(FuzzingServer server, BrowserKind kind, string executable, string? trustedPem, ILogger logger)
    {
        HeadlessBrowser browser;
        try
        {
            browser = HeadlessBrowser.Start(kind, executable, ClientPage(server.Url), logger, trustedPem);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            Console.Error.WriteLine($"wsconf: cannot start {executable}: {e.Message}");
            server.Stop(ServeStopReason.ClientExited);
            return await server.Stopped;
        }

        using (browser)
        {
            if (await Task.WhenAny(server.Stopped, browser.Exited) != server.Stopped)
            {
                BrowserLog.ExitedEarly(logger, browser.ExitCode);
                server.Stop(ServeStopReason.ClientExited);
            }

            return await server.Stopped;
        }
    }

    /// <summary>The page on the server's own port; a server listening on every address is reached on loopback.</summary>
    private static Uri ClientPage(Uri serverUrl)
    {
        var host = serverUrl.Host switch
        {
            "0.0.0.0" => "127.0.0.1",
            "[::]" => "[::1]",
            var address => address,
        };
        return new Uri($"{(serverUrl.Scheme == "wss" ? "https" : "http")}://{host}:{serverUrl.Port}/client?shutdownOnComplete=true");
    }

    /// <summary>A TLS option given without what it needs, or with what it cannot go with; null when they fit.</summary>
    private static string? TlsProblem(ParseResult parse)
    {
        var cert = parse.GetValue(Cert);
        var key = parse.GetValue(Key);
        if ((cert is null) != (key is null))
        {
            return cert is null ? "--key needs --cert (the PEM certificate it belongs to)." : "--cert needs --key (the PEM private key of the certificate).";
        }

        return cert is not null && parse.GetValue(Tls)
            ? "--tls generates a certificate; --cert/--key give one: use one or the other."
            : null;
    }

    /// <summary>
    /// The TLS certificate: given, generated (its files announced on stderr), or none; <paramref name="trustedPem"/> is the
    /// PEM a browser started by <c>--browser</c> is told to trust: the generated CA, or the given certificate itself.
    /// </summary>
    private static X509Certificate2? Certificate(ParseResult parse, string output, IPAddress host, out string? trustedPem, out string? problem)
    {
        problem = null;
        trustedPem = null;
        if (parse.GetValue(Cert) is { } cert)
        {
            trustedPem = Path.GetFullPath(cert);
            return ServeCertificate.Load(cert, parse.GetValue(Key)!, out problem);
        }

        if (!parse.GetValue(Tls))
        {
            return null;
        }

        var (certificate, files) = ServeCertificate.Generate(Path.Combine(output, TlsFolder), host, TimeProvider.System);
        trustedPem = Path.GetFullPath(files.CaCertificate);
        Console.Error.WriteLine($"wsconf: TLS with a test CA generated for this run: trust {Path.GetFullPath(files.CaCertificate)} in the client under test "
            + $"(server certificate {Path.GetFullPath(files.Certificate)}, key {Path.GetFullPath(files.Key)}).");
        return certificate;
    }

    /// <summary>Where a generated test CA and certificate go, below the reports folder.</summary>
    private const string TlsFolder = "tls";

    /// <summary>As <c>run</c>'s: an unfinished run is never a verdict, whatever the cases that did run say.</summary>
    private static int ExitCodeFor(RunResult run) =>
        !run.Complete ? ExitCodes.Interrupted
        : !run.IsComplete ? ExitCodes.NotComplete
        : run.Results.Any(r => r.Behavior == Verdict.Failed) ? ExitCodes.Failed
        : run.Results.Any(r => r.Behavior == Verdict.Error) ? ExitCodes.HarnessError
        : ExitCodes.Success;

    private static ServeOptions Options(ParseResult parse)
    {
        var run = new RunOptions(TimeoutScale: parse.GetValue(TimeoutScale), Seed: parse.GetValue(Seed), LateGraceFactor: parse.GetValue(StrictTiming) ? 0 : 2);
        var idle = parse.GetValue(IdleTimeout);
        return new ServeOptions(run, idle > 0 ? TimeSpan.FromSeconds(idle) : null, ServeOptions.DefaultRequestTimeout) { Http2 = parse.GetValue(Http2) };
    }

    /// <summary>
    /// The results so far as a run: one report column per agent that asked for anything, every served case selected
    /// for each, so the cases a client never ran are NOT RUN. A server no client ever used has one column for the
    /// absent client, all NOT RUN.
    /// </summary>
    /// <param name="stopped">Why the server stopped; null while it still serves (<c>/updateReports</c>).</param>
    private static RunResult RunOf(FuzzingServer server, DateTimeOffset started, ServeStopReason? stopped, ServeOptions options)
    {
        var results = server.Results.Snapshot([.. server.Cases.Select(c => c.Id)]);
        var agents = server.Results.Agents;
        IReadOnlyList<Target> targets = agents.Count > 0
            ? [.. agents.Select(agent => new Target(server.Url, agent))]
            : [new Target(server.Url, NoClientAgent)];
        return new RunResult(targets, results, started, DateTimeOffset.UtcNow, Complete: stopped != ServeStopReason.Cancelled)
        {
            Selected = server.Cases,
            NotRunReason = NotRunReason(stopped, options),
        };
    }

    /// <summary>The report column of a server that no client ever asked for anything.</summary>
    private const string NoClientAgent = "(no client connected)";

    private static string NotRunReason(ServeStopReason? stopped, ServeOptions options) => stopped switch
    {
        null => "the client had not run this case when it asked for the reports (/updateReports)",
        ServeStopReason.Idle => $"the client never ran this case: the server stopped after {options.IdleTimeout?.TotalSeconds:0} s without client activity "
            + "(the client stopped, crashed or hung)",
        ServeStopReason.Requested => "the client never ran this case: it asked the server to stop first (/stopServer or shutdownOnComplete)",
        ServeStopReason.ClientExited => "the client never ran this case: the browser exited before it got there (it crashed, or could not start)",
        _ => RunResult.InterruptedReason,
    };
}

/// <summary>Log messages of <c>wsconf serve</c> (event ids 60+).</summary>
internal static partial class ServeLog
{
    [LoggerMessage(EventId = 60, Level = LogLevel.Information, Message = "Serving {CaseCount} cases to clients at {Url}")]
    public static partial void Serving(ILogger logger, int caseCount, Uri url);

    [LoggerMessage(EventId = 61, Level = LogLevel.Debug, Message = "Case {CaseId} for {Agent}: {Verdict}")]
    public static partial void CaseServed(ILogger logger, string caseId, string agent, string verdict);

    [LoggerMessage(EventId = 62, Level = LogLevel.Information, Message = "Server stopped ({Reason})")]
    public static partial void ServeStopped(ILogger logger, ServeStopReason reason);
}
