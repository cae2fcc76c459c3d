using WsConformance.Cases.Model;
using WsConformance.Engine.Transport.Http2;

namespace WsConformance.Engine.Running;

/// <summary>
/// Which cases mean the same over HTTP/2 (RFC 8441). A case that bends the HTTP/1.1 upgrade itself — the method, the
/// HTTP version, or a field RFC 8441 §5 does not use over HTTP/2 (Host, Upgrade, Connection, Sec-WebSocket-Key) — judges
/// something an extended CONNECT does not have: it does not run over HTTP/2 and is listed as skipped, never faked.
/// Bending Sec-WebSocket-Version, -Protocol or -Extensions keeps its meaning (§5) and runs. The other way round, a case
/// with <c>http2:</c> (section h2: extended CONNECT bent, streams, SETTINGS) has no HTTP/1.1 counterpart: it runs only over
/// HTTP/2 and is listed as skipped over HTTP/1.1.
/// </summary>
public static class Http2Applicability
{
    /// <summary>Why <paramref name="definition"/> does not run over HTTP/2, or null when it does.</summary>
    public static string? WhyHttp11Only(CaseDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var overrides = definition.Handshake;
        if (overrides.Method is not null || overrides.HttpVersion is not null)
        {
            return "it bends the HTTP/1.1 request line, which an HTTP/2 extended CONNECT does not have";
        }

        var touched = overrides.Remove.Concat(overrides.Set.Select(field => field.Key)).Concat(overrides.Add.Select(field => field.Key))
            .Where(Http2RequestFields.NotUsedOverHttp2.Contains).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return touched.Count == 0 ? null : $"it bends {string.Join(", ", touched)}, which RFC 8441 §5 does not use over HTTP/2";
    }

    /// <summary>The cases of <paramref name="cases"/> that do not run over HTTP/2.</summary>
    public static IReadOnlyList<CaseDefinition> Http11Only(IEnumerable<CaseDefinition> cases) => [.. cases.Where(c => WhyHttp11Only(c) is not null)];

    /// <summary>The cases of <paramref name="cases"/> that run only over HTTP/2 (<see cref="CaseDefinition.Transport"/>).</summary>
    public static IReadOnlyList<CaseDefinition> Http2Only(IEnumerable<CaseDefinition> cases) => [.. cases.Where(IsHttp2Only)];

    /// <summary>
    /// Why <paramref name="definition"/> is not run over the transport in use (<paramref name="http2"/>), or null when it is.
    /// The commands leave such cases out and list them; a caller of the engine that passes one anyway gets it UNIMPLEMENTED
    /// with this reason (<see cref="CaseRunner"/>), never run with its HTTP/2 bends ignored.
    /// </summary>
    public static string? WhyNotCarried(CaseDefinition definition, bool http2) =>
        http2 ? WhyHttp11Only(definition)
        : IsHttp2Only(definition) ? "the case tests WebSockets over HTTP/2 (RFC 8441) and runs only with --http2 (skipped over HTTP/1.1)"
        : null;

    private static bool IsHttp2Only(CaseDefinition definition) => definition.Transport == CaseTransport.Http2;

    /// <summary>The cases of <paramref name="cases"/> that a run over HTTP/2 (<paramref name="http2"/>) or HTTP/1.1 skips.</summary>
    public static IReadOnlyList<CaseDefinition> NotCarried(IEnumerable<CaseDefinition> cases, bool http2) => http2 ? Http11Only(cases) : Http2Only(cases);
}
