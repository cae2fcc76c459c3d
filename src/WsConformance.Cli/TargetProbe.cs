using Microsoft.Extensions.Logging;
using WsConformance.Cli.Commands;
using WsConformance.Engine.Running;
using WsConformance.Engine.Transport;
using WsConformance.Protocol.Handshake;
using WsConformance.Targets;

namespace WsConformance.Cli;

/// <summary>
/// Checks every target with one opening handshake before the run, so an unreachable server is one clear error
/// (exit 4) instead of hundreds of failed cases, and names each target by its Server header as Autobahn does.
/// </summary>
internal static class TargetProbe
{
    public static async Task<IReadOnlyList<Target>?> ResolveAsync(RunSettings settings, EchoServer? embedded, ILogger logger, CancellationToken cancellationToken)
    {
        if (embedded is not null)
        {
            Log.EmbeddedServer(logger, embedded.Uri);
            return [new Target(embedded.Uri, settings.Agents.Count > 0 ? settings.Agents[0] : EchoServer.Agent)];
        }

        var targets = new List<Target>();
        for (var i = 0; i < settings.Targets.Count; i++)
        {
            var uri = settings.Targets[i];
            var scale = settings.RunOptions.TimeoutScale;
            var options = new TransportOptions(TimeSpan.FromSeconds(5 * scale), TimeSpan.FromSeconds(5 * scale), settings.RunOptions.AcceptAnyCertificate, settings.RunOptions.ServerName, settings.RunOptions.TrustedRoots);
            var request = HandshakeRequest.CreateDefault(uri, protocols: settings.RunOptions.Protocols is { Count: > 0 } p ? p : null);
            foreach (var (name, value) in settings.RunOptions.ExtraHeaders ?? [])
            {
                request.Add(name, value);
            }

            var result = await WebSocketConnector.ConnectAsync(uri, request, options, cancellationToken);
            if (result.Connection is { } connection)
            {
                await connection.DisposeAsync();
            }

            if (result.Outcome != ConnectOutcome.Open)
            {
                Log.TargetUnreachable(logger, uri, $"{result.Outcome}: {result.Detail}{TlsAdvice.For(result, uri)}");
                return null;
            }

            var agent = i < settings.Agents.Count ? settings.Agents[i] : result.Response?.GetValues("Server").FirstOrDefault() ?? uri.Authority;
            targets.Add(new Target(uri, agent));
        }

        return targets;
    }
}
