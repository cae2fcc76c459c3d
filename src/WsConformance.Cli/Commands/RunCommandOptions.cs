using System.CommandLine;
using Microsoft.Extensions.Logging;
using WsConformance.Engine.Running;

namespace WsConformance.Cli.Commands;

/// <summary>What <c>wsconf run</c> was asked to do, parsed and checked.</summary>
internal sealed record RunSettings(
    IReadOnlyList<Uri> Targets,
    IReadOnlyList<string> Agents,
    string OutputDirectory,
    IReadOnlyList<string> Cases,
    IReadOnlyList<string> Exclude,
    RunOptions RunOptions,
    LogLevel LogLevel,
    string? Baseline = null,
    string? WriteBaseline = null,
    string? Spec = null);

/// <summary>The options of <c>wsconf run</c>.</summary>
internal sealed class RunCommandOptions
{
    /// <summary>Beyond this a run only adds sockets and memory: most cases wait on timers, not on CPU.</summary>
    public const int MaxConcurrency = 4096;

    /// <summary>A 1 s timer becomes a quarter of an hour; larger scales are typos.</summary>
    public const double MaxTimeoutScale = 1000;

    public const string DefaultOutput = "reports";

    private readonly Option<Uri[]> _targets = new("--target", "-t")
    {
        Description = "ws:// or wss:// URL of a server to test. Repeatable: one report column per target.",
        CustomParser = TargetUri.ParseAll,
        AllowMultipleArgumentsPerToken = true,
    };

    private readonly Option<string[]> _agents = new("--agent") { Description = "Report name of each target, in --target order (default: its Server header)." };
    private readonly Option<string> _out = new("--out", "-o") { Description = "Folder for the reports.", DefaultValueFactory = _ => DefaultOutput };
    private readonly Option<string[]> _cases = CommonOptions.Cases();
    private readonly Option<string[]> _exclude = CommonOptions.Exclude();
    private readonly Option<int> _concurrency = new Option<int>("--concurrency", "-j") { Description = "Cases in flight at once.", DefaultValueFactory = _ => 32 }.Within(1, MaxConcurrency);
    private readonly Option<double> _timeoutScale = new Option<double>("--timeout-scale") { Description = "Multiply every case and protocol timer (slow CI machines).", DefaultValueFactory = _ => 1.0 }.Positive(MaxTimeoutScale);
    private readonly Option<string[]> _headers = new("--header", "-H") { Description = "Extra handshake header 'Name: value'. Repeatable.", CustomParser = HeaderOption.ParseAll };
    private readonly Option<string[]> _protocols = new("--protocol") { Description = "Subprotocol to offer. Repeatable." };
    private readonly Option<bool> _insecure = new("--insecure", "-k") { Description = "Accept any TLS certificate (self-signed test servers)." };
    private readonly Option<System.Security.Cryptography.X509Certificates.X509Certificate2Collection?> _caCertificate = CaCertificateOption.Create();
    private readonly Option<bool> _http2 = new("--http2")
    {
        Description = "Open every WebSocket over HTTP/2 (RFC 8441 extended CONNECT, one HTTP/2 connection per case): h2c with prior knowledge for ws://, ALPN h2 for wss://. Cases that judge the HTTP/1.1 upgrade are skipped.",
    };

    private readonly Option<bool> _strictTiming = new("--strict-timing") { Description = "Act on timers at once like Autobahn, instead of waiting a grace period and reporting a late server as slow." };
    private readonly Option<int> _seed = new("--seed") { Description = "Seed for masking keys (reproducible bytes).", DefaultValueFactory = _ => 6455 };
    private readonly Option<string> _baseline = new("--baseline") { Description = "Expectations file ('PATTERN: OK|NON-STRICT' per line): exit 0 when every result fits it, 1 with the deviations when not." };
    private readonly Option<string> _writeBaseline = new("--write-baseline") { Description = "Write an expectations file accepting exactly this run's verdicts." };
    private readonly Option<string> _spec = new("--spec")
    {
        Description = "An Autobahn|Testsuite fuzzingclient.json: its servers, cases, exclude-cases, exclude-agent-cases and outdir, honoured as wstest does (reports in outdir, in Autobahn's layout).",
    };

    private readonly Option<LogLevel> _logLevel = new("--log-level") { Description = "Minimum level of log lines on stderr.", DefaultValueFactory = _ => LogLevel.Information };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _targets, _agents, _out, _cases, _exclude, _concurrency, _timeoutScale, _headers, _protocols, _insecure, _caCertificate, _http2, _strictTiming, _seed, _logLevel, _baseline, _writeBaseline, _spec })
        {
            command.Options.Add(option);
        }
    }

    public RunSettings Read(ParseResult parse)
    {
        var headers = (parse.GetValue(_headers) ?? []).Select(HeaderOption.Split).ToList();
        var options = new RunOptions(
            Concurrency: parse.GetValue(_concurrency),
            TimeoutScale: parse.GetValue(_timeoutScale),
            ExtraHeaders: headers,
            Protocols: parse.GetValue(_protocols) ?? [],
            AcceptAnyCertificate: parse.GetValue(_insecure),
            TrustedRoots: parse.GetValue(_caCertificate),
            Seed: parse.GetValue(_seed),
            LateGraceFactor: parse.GetValue(_strictTiming) ? 0 : 2)
        {
            Http2 = parse.GetValue(_http2),
        };
        return new RunSettings(parse.GetValue(_targets) ?? [], parse.GetValue(_agents) ?? [], parse.GetValue(_out)!,
            parse.GetValue(_cases) ?? [], parse.GetValue(_exclude) ?? [], options, parse.GetValue(_logLevel), parse.GetValue(_baseline), parse.GetValue(_writeBaseline),
            parse.GetValue(_spec));
    }
}
