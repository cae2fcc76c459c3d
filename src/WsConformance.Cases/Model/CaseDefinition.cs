namespace WsConformance.Cases.Model;

/// <summary>One runnable conformance case, fully expanded (no table rows left).</summary>
/// <param name="Id">Stable id, unique across the catalog (for Autobahn cases it equals the Autobahn id).</param>
/// <param name="AutobahnId">The Autobahn|Testsuite id this case reproduces, or null for our own cases.</param>
/// <param name="Section">Catalog section the case belongs to ("1" … "10", "handshake", "masking", …).</param>
/// <param name="Title">One line saying what the case sends.</param>
/// <param name="Requirement">The RFC sentence the case checks.</param>
/// <param name="Handshake">How the opening handshake deviates from a correct one (usually not at all).</param>
/// <param name="Steps">What the harness does after the opening handshake, in order.</param>
/// <param name="Expectation">Accepted outcomes and the verdict each one earns.</param>
/// <param name="BulkTraffic">True for cases whose payloads are too large to log (wire log off, like Autobahn's 9.x).</param>
/// <param name="SourceFile">The case file it was loaded from, for error messages and reports.</param>
/// <param name="Compression">The permessage-deflate offers of the case, or null when it offers no compression.</param>
public sealed record CaseDefinition(
    string Id,
    string? AutobahnId,
    string Section,
    string Title,
    Requirement Requirement,
    HandshakeOverrides Handshake,
    IReadOnlyList<Step> Steps,
    Expectation Expectation,
    bool BulkTraffic,
    string SourceFile,
    CompressionNegotiation? Compression = null)
{
    /// <summary>Which endpoints the case tests: servers (<c>wsconf run</c>), clients (<c>wsconf serve</c>), or both.</summary>
    public Testees Testees { get; init; } = Testees.ServersAndClients;

    /// <summary>How the harness, as the server, bends its answer to the client's opening handshake.</summary>
    public ResponseOverrides Response { get; init; } = ResponseOverrides.None;

    /// <summary>
    /// What a page cannot control through a browser's WebSocket API in this case (<c>browser_limit:</c> in the case
    /// file), or null when everything the case checks is the browser's own doing or the page's echo.
    /// </summary>
    public BrowserLimit? BrowserLimit { get; init; }

    /// <summary>
    /// The transport the case needs: any, or HTTP/2 only (RFC 8441) — its file says <c>transport: http2</c>, or the case bends its
    /// extended CONNECT (<c>http2:</c>). The one place that answers "HTTP/2 only" for running and serving alike.
    /// </summary>
    public CaseTransport Transport { get; init; } = CaseTransport.Any;

    /// <summary>
    /// How the case bends its extended CONNECT (<c>http2:</c> in the case file), or null for a case that means the same
    /// over HTTP/1.1 and HTTP/2. A case with one runs only over HTTP/2 and is skipped (listed) over HTTP/1.1.
    /// </summary>
    public Http2Overrides? Http2 { get; init; }

    /// <summary>
    /// The worst verdict the case can give: NON-STRICT for a SHOULD (RFC 2119: a SHOULD may be set aside for a valid
    /// reason, so breaking it is not a failure), FAILED otherwise — unless the case file sets <c>worst_verdict:</c>.
    /// </summary>
    public Verdict WorstVerdict => Expectation.WorstVerdict
        ?? (Requirement.Level == RequirementLevel.Should ? Verdict.NonStrict : Verdict.Failed);
}

/// <summary>
/// A case whose outcome, for a browser client, also hangs on what the page cannot control through the WebSocket API
/// (it sees only whole messages, delivered asynchronously; the browser answers pings and Close and fails connections
/// by itself). A browser that earns one of <paramref name="Verdicts"/> gets INFORMATIONAL instead, saying
/// <paramref name="Why"/>; any other verdict stands, and library clients are graded as usual.
/// </summary>
/// <param name="Verdicts">The verdicts the limit alone can cause (NON-STRICT, FAILED).</param>
/// <param name="Why">What the page cannot see or do, in one or two sentences.</param>
public sealed record BrowserLimit(IReadOnlyList<Verdict> Verdicts, string Why);

/// <summary>
/// The endpoints a case can test. Autobahn plays the same cases against servers and clients with the roles
/// mirrored; a few cases only make sense one way (a client's opening handshake, the server's answer to it).
/// </summary>
[Flags]
public enum Testees
{
    /// <summary>The harness is the client; the endpoint under test is a server.</summary>
    Servers = 1,

    /// <summary>The harness is the server; the endpoint under test is a client.</summary>
    Clients = 2,

    ServersAndClients = Servers | Clients,
}

/// <summary>The transport a case needs.</summary>
public enum CaseTransport
{
    /// <summary>HTTP/1.1 or HTTP/2, as the client under test chooses.</summary>
    Any,

    /// <summary>An extended CONNECT over HTTP/2 (RFC 8441): what the case answers exists only there; skipped over HTTP/1.1.</summary>
    Http2,
}

/// <summary>RFC 2119 level of the sentence a case checks.</summary>
public enum RequirementLevel
{
    Must,
    Should,
    May,
}

/// <summary>The normative sentence a case checks, with where it stands.</summary>
/// <param name="Rfc">"RFC 6455" or "RFC 7692".</param>
/// <param name="RfcSection">Section number, e.g. "5.2".</param>
public sealed record Requirement(string Rfc, string RfcSection, RequirementLevel Level, string Text)
{
    /// <summary>"MUST", "SHOULD" or "MAY", as RFC 2119 spells it.</summary>
    public string LevelName => Level.ToString().ToUpperInvariant();

    /// <summary>"RFC 6455 §5.2, MUST": where the sentence stands and how binding it is.</summary>
    public string Cited() => $"{Rfc} §{RfcSection}, {LevelName}";
}

/// <summary>A section of the catalog as loaded from one case file.</summary>
public sealed record CaseSection(string Id, string Title, string SourceFile, IReadOnlyList<CaseDefinition> Cases);
