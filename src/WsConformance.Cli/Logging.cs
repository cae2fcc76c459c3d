using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace WsConformance.Cli;

/// <summary>Log lines go to stderr only, so stdout stays clean for machine output.</summary>
internal static class Logging
{
    public static ILoggerFactory CreateFactory(LogLevel level) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(level)
        .AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss ";
            options.ColorBehavior = Console.IsErrorRedirected ? LoggerColorBehavior.Disabled : LoggerColorBehavior.Default;
        })
        .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace));
}

/// <summary>Every log message of the CLI, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Running {CaseCount} cases against {Targets} ({Concurrency} at a time)")]
    public static partial void RunStarting(ILogger logger, int caseCount, string targets, int concurrency);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Embedded echo server listening on {Uri}")]
    public static partial void EmbeddedServer(ILogger logger, Uri uri);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Target {Uri} is unreachable: {Detail}")]
    public static partial void TargetUnreachable(ILogger logger, Uri uri, string detail);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Target {Uri} answers the opening handshake wrongly ({Detail}); every case will judge that answer")]
    public static partial void TargetAnswersWrongly(ILogger logger, Uri uri, string detail);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "{Error}")]
    public static partial void RunStoppedShort(ILogger logger, string error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Wrote {File}")]
    public static partial void ReportWritten(ILogger logger, string file);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "{Count} error(s) in case files; nothing was run")]
    public static partial void InvalidCaseFiles(ILogger logger, int count);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "No case matches the --cases/--exclude patterns")]
    public static partial void NoCaseSelected(ILogger logger);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "{Count} case(s) judge the HTTP/1.1 upgrade, which HTTP/2 does not have, and are skipped over --http2: {Ids}")]
    public static partial void Http11OnlySkipped(ILogger logger, int count, string ids);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "{Count} case(s) judge HTTP/2 itself (RFC 8441) and are skipped without --http2: {Ids}")]
    public static partial void Http2OnlySkipped(ILogger logger, int count, string ids);

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "Target {Uri} cannot be tested over HTTP/2: {Detail}")]
    public static partial void TargetWithoutHttp2(ILogger logger, Uri uri, string detail);
}
