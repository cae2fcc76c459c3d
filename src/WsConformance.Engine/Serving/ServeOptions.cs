using System.Security.Cryptography.X509Certificates;
using WsConformance.Engine.Running;

namespace WsConformance.Engine.Serving;

/// <summary>How a fuzzing server behaves.</summary>
/// <param name="Run">Timers, limits and seed of the cases (as for <c>wsconf run</c>).</param>
/// <param name="IdleTimeout">
/// Stop when no client has connected and no case has run for this long (null: never), so a client under test
/// that never comes back cannot keep the server, and the CI job around it, waiting forever.
/// </param>
/// <param name="RequestTimeout">How long a client has to send its opening handshake after connecting.</param>
public sealed record ServeOptions(RunOptions Run, TimeSpan? IdleTimeout, TimeSpan RequestTimeout)
{
    /// <summary>
    /// Also serve HTTP/2 (RFC 8441): h2c with prior knowledge on the same port (the preface tells it from HTTP/1.1) and,
    /// with <see cref="Certificate"/>, ALPN "h2" next to "http/1.1".
    /// </summary>
    public bool Http2 { get; init; }

    /// <summary>Serve TLS (wss://, https:// for the page) with this certificate and its private key; null: plain TCP.</summary>
    public X509Certificate2? Certificate { get; init; }

    public static TimeSpan DefaultRequestTimeout { get; } = TimeSpan.FromSeconds(5);
}

/// <summary>Why a fuzzing server stopped.</summary>
public enum ServeStopReason
{
    /// <summary>A client asked: <c>/stopServer</c>, or <c>/updateReports?shutdownOnComplete=true</c>.</summary>
    Requested,

    /// <summary>No client activity for <see cref="ServeOptions.IdleTimeout"/>.</summary>
    Idle,

    /// <summary>The caller cancelled (Ctrl-C) or disposed the server.</summary>
    Cancelled,

    /// <summary>The caller saw the client under test exit before it finished (a browser <c>wsconf serve --browser</c> started).</summary>
    ClientExited,
}
