namespace WsConformance.Engine.Running;

/// <summary>How a run behaves; every duration in cases and protocol timers is multiplied by <see cref="TimeoutScale"/>.</summary>
/// <param name="Concurrency">Cases in flight at once. Most of a case's time is spent waiting, so this can exceed the core count.</param>
/// <param name="ExtraHeaders">Headers added to every opening handshake (e.g. authentication).</param>
/// <param name="Protocols">Subprotocols offered in every opening handshake.</param>
/// <param name="AcceptAnyCertificate">Trust any TLS certificate (self-signed test servers).</param>
/// <param name="Seed">Seeds masking keys, so a run's bytes can be reproduced.</param>
/// <param name="LateGraceFactor">See <see cref="Session.SessionOptions.LateGraceFactor"/>; 0 = Autobahn's strict timing.</param>
/// <param name="TrustedRoots">See <see cref="Transport.TransportOptions.TrustedRoots"/>.</param>
/// <param name="ServerName">See <see cref="Transport.TransportOptions.ServerName"/> (a spec's <c>hostname</c>).</param>
/// <param name="ChoppedFrameGap">See <see cref="Session.SessionOptions.ChoppedFrameGap"/>; bulk cases (section 9) never pause.</param>
public sealed record RunOptions(
    int Concurrency = 32,
    double TimeoutScale = 1.0,
    IReadOnlyList<KeyValuePair<string, string>>? ExtraHeaders = null,
    IReadOnlyList<string>? Protocols = null,
    bool AcceptAnyCertificate = false,
    int Seed = 6455,
    double LateGraceFactor = 2,
    TimeSpan? ChoppedFrameGap = null,
    System.Security.Cryptography.X509Certificates.X509Certificate2Collection? TrustedRoots = null,
    string? ServerName = null)
{
    /// <summary>See <see cref="Session.SessionOptions.MinimumGrace"/>: set by the run for confirmations, from the target's pace.</summary>
    public TimeSpan MinimumGrace { get; init; }

    /// <summary>
    /// Open every WebSocket over HTTP/2 (RFC 8441), one HTTP/2 connection per case: h2c with prior knowledge for ws://,
    /// ALPN "h2" for wss://. Cases that judge HTTP/1.1 upgrade details do not run (<see cref="Http2Applicability"/>).
    /// </summary>
    public bool Http2 { get; init; }

    /// <summary>The clock of every timer, pause, deadline and timestamp of the run (tests give a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The gap used when none is given.</summary>
    public TimeSpan EffectiveChoppedFrameGap => ChoppedFrameGap ?? Session.SessionOptions.DefaultChoppedFrameGap;
}
