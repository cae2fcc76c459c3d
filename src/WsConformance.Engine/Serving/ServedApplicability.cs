using WsConformance.Cases.Model;
using WsConformance.Engine.Transport.Http2;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Engine.Serving;

/// <summary>
/// Which served cases mean the same over the transport a client chose. An answer that bends the RFC 6455 upgrade itself
/// — a status other than 101, a reason phrase, Upgrade, Connection or Sec-WebSocket-Accept — judges something an RFC 8441
/// answer (:status 200, no such fields) does not have; a case of a file that says <c>transport: http2</c> judges what only
/// HTTP/2 has. Either is skipped on the other transport and listed as such (UNIMPLEMENTED, saying why), never faked.
/// </summary>
public static class ServedApplicability
{
    private static readonly HashSet<string> UpgradeOnlyFields = new(Http2RequestFields.NotUsedOverHttp2, StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.SecWebSocketAccept,
    };

    /// <summary>Why <paramref name="definition"/> does not run for a client that came over <paramref name="overHttp2"/>, or null.</summary>
    public static string? WhySkipped(CaseDefinition definition, bool overHttp2)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Transport == CaseTransport.Http2 && !overHttp2)
        {
            return "the case answers an RFC 8441 extended CONNECT (HTTP/2 only); the client came over HTTP/1.1 (skipped)";
        }

        if (!overHttp2 || definition.Transport == CaseTransport.Http2)
        {
            return null;
        }

        var bend = definition.Response;
        if (bend.Status is not null || bend.Reason is not null)
        {
            return "the case bends the HTTP/1.1 status line, which an HTTP/2 answer does not have; the client came over HTTP/2 (skipped)";
        }

        var touched = bend.Remove.Concat(bend.Set.Select(f => f.Key)).Concat(bend.Add.Select(f => f.Key))
            .Where(UpgradeOnlyFields.Contains).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return touched.Count == 0 ? null
            : $"the case bends {string.Join(", ", touched)}, which RFC 8441 §5 does not use over HTTP/2; the client came over HTTP/2 (skipped)";
    }

    internal static string? WhySkipped(CaseDefinition definition, AcceptedClient client) => WhySkipped(definition, client.Http2 is not null);
}
