using Microsoft.Extensions.Logging;
using WsConformance.Cli.Commands;
using WsConformance.Engine.Running;
using WsConformance.Engine.Transport;
using WsConformance.Protocol.Handshake;
using WsConformance.Targets;

namespace WsConformance.Cli;

/// <summary>
/// Checks every target with one opening handshake (retried as a busy server needs) before the run, so a server
/// that cannot be reached is one clear error (exit 4) instead of hundreds of ERROR cases, and names each target by
/// its Server header as Autobahn does. A server that answers, even wrongly, is reachable: its cases judge the answer.
/// </summary>
internal static class TargetProbe
{
    /// <summary>The targets to run, or the reason the run cannot start (some target cannot be reached, or lacks the HTTP/2 asked for).</summary>
    public sealed record Resolution(IReadOnlyList<Target> Targets, string? Unreachable);

    public static async Task<Resolution> ResolveAsync(RunSettings settings, EchoServer? embedded, ILogger logger, CancellationToken cancellationToken)
    {
        if (embedded is not null)
        {
            Log.EmbeddedServer(logger, embedded.Uri);
            return new Resolution([new Target(embedded.Uri, settings.Agents.Count > 0 ? settings.Agents[0] : EchoServer.Agent)], null);
        }

        var targets = new List<Target>();
        string? unreachable = null;
        for (var i = 0; i < settings.Targets.Count; i++)
        {
            var uri = settings.Targets[i];
            var probe = await ProbeAsync(uri, settings, cancellationToken);
            var response = probe.Result.Response;
            if (probe.Result.TransportUnsupported)
            {
                // Reachable, but without the transport asked for: one clear line, not 571 UNIMPLEMENTED cases.
                Log.TargetWithoutHttp2(logger, uri, probe.Result.Detail);
                unreachable ??= $"Target {uri} cannot be tested over HTTP/2: {probe.Result.Detail}";
            }
            else if (probe.NoAnswer || probe.Result.Outcome == ConnectOutcome.TlsFailed)
            {
                var detail = $"{probe.Result.Outcome}: {probe.Result.Detail} (after {probe.Attempts} attempt(s)){TlsAdvice.For(probe.Result, uri)}";
                Log.TargetUnreachable(logger, uri, detail);
                unreachable ??= $"Target {uri} is unreachable: {detail}";
            }
            else if (probe.Result.Outcome != ConnectOutcome.Open)
            {
                Log.TargetAnswersWrongly(logger, uri, probe.Result.Detail);
            }

            var agent = i < settings.Agents.Count ? settings.Agents[i] : response?.GetValues("Server").FirstOrDefault() ?? uri.Authority;
            targets.Add(new Target(uri, agent));
        }

        return new Resolution(targets, unreachable);
    }

    private static async Task<PatientConnector.Outcome> ProbeAsync(Uri uri, RunSettings settings, CancellationToken cancellationToken)
    {
        var scale = settings.RunOptions.TimeoutScale;
        var options = new TransportOptions(TimeSpan.FromSeconds(5 * scale), TimeSpan.FromSeconds(5 * scale), settings.RunOptions.AcceptAnyCertificate,
            settings.RunOptions.ServerName, settings.RunOptions.TrustedRoots)
        {
            Http2 = settings.RunOptions.Http2,
        };
        var request = HandshakeRequest.CreateDefault(uri, protocols: settings.RunOptions.Protocols is { Count: > 0 } p ? p : null);
        foreach (var (name, value) in settings.RunOptions.ExtraHeaders ?? [])
        {
            request.Add(name, value);
        }

        var probe = await PatientConnector.ConnectAsync(uri, request, options, TimeSpan.FromSeconds(scale), cancellationToken);
        if (probe.Result.Connection is { } connection)
        {
            await connection.DisposeAsync();
        }

        return probe;
    }
}
