using System.Globalization;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Engine.Serving;

/// <summary>
/// The page that makes any browser a client under test: <c>GET /</c> (or <c>/client</c>) on the fuzzing server's port
/// loads it, and it drives the cases through the browser's own WebSocket API. Served from embedded files, so it needs
/// nothing outside the server; a strict Content-Security-Policy lets it load only its own script and style and
/// connect only back to this server, and forbids HTML sinks (Trusted Types), so nothing from the wire can run.
/// </summary>
internal static class BrowserClientPage
{
    /// <summary>
    /// <c>'self'</c> covers <c>ws://</c> to the page's own host and port (CSP Level 3). No inline script or style, no
    /// frames, forms, images or plugins; <c>require-trusted-types-for</c> makes an <c>innerHTML</c> of a string throw
    /// where the browser supports it.
    /// </summary>
    public const string ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        + "img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'";

    private static readonly Dictionary<string, (string Resource, string ContentType)> Files = new(StringComparer.Ordinal)
    {
        ["/"] = ("client.html", "text/html; charset=utf-8"),
        ["/client"] = ("client.html", "text/html; charset=utf-8"),
        ["/client.js"] = ("client.js", "text/javascript; charset=utf-8"),
        ["/client.css"] = ("client.css", "text/css; charset=utf-8"),
    };

    /// <summary>True for a plain HTTP GET (no WebSocket upgrade) of one of the page's files.</summary>
    public static bool Serves(ParsedHandshakeRequest request) =>
        request.Method == "GET" && !request.HasHeader(HeaderNames.Upgrade) && Files.ContainsKey(request.Path);

    public static async Task SendAsync(AcceptedClient client, CancellationToken cancellationToken)
    {
        var (resource, contentType) = Files[client.Request.Path];
        var body = Read(resource);
        var response = HandshakeResponseBuilder.Reject(200, "OK");
        response.Set("Server", ServedCaseRunner.ServerHeader);
        response.Set("Content-Type", contentType);
        response.Set("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture));
        response.Set("Content-Security-Policy", ContentSecurityPolicy);
        response.Set("X-Content-Type-Options", "nosniff");
        response.Set("Referrer-Policy", "no-referrer");
        response.Set("Cache-Control", "no-store");
        response.Set("Connection", "close");
        await client.TryAnswerAsync(response, body, end: true, cancellationToken);
    }

    private static byte[] Read(string resource)
    {
        using var stream = typeof(BrowserClientPage).Assembly.GetManifestResourceStream($"BrowserClient/{resource}")
            ?? throw new InvalidOperationException($"The browser client's {resource} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
