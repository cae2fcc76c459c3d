namespace WsConformance.Reporting.Model;

/// <summary>
/// <c>report.json</c> as data (schema in <c>reports/schema/report.schema.json</c>). Written from a run by
/// <see cref="ReportBuilder"/> and read back by <see cref="ReportReader"/>, so every other format (HTML, JUnit,
/// Markdown, baselines, diffs) can be produced again from the file alone.
/// </summary>
/// <param name="Complete">
/// True only when every selected case has a result for every target: false when the run was interrupted or a
/// client stopped before running everything (<paramref name="NotRun"/> lists what is missing).
/// </param>
/// <param name="Excluded">Cases left out by <c>--exclude</c>, or over HTTP/2 because they judge the HTTP/1.1 upgrade (reported as skipped in JUnit).</param>
/// <param name="NotRun">Selected cases that have no result for a target: NOT RUN, never counted as passed.</param>
/// <param name="Error">What stopped the run short of its cases (an unreachable target, one that went away); null when nothing did.</param>
public sealed record ReportDocument(
    int SchemaVersion,
    ToolRecord Tool,
    DateTimeOffset Started,
    DateTimeOffset Ended,
    bool Complete,
    IReadOnlyList<TargetRecord> Targets,
    VerdictCounts Summary,
    IReadOnlyList<CaseRecord> Cases,
    IReadOnlyList<CaseReference> Excluded,
    IReadOnlyList<NotRunRecord> NotRun,
    string? Error = null);

/// <summary>The tool that wrote the report.</summary>
public sealed record ToolRecord(string Name, string Version);

/// <summary>A tested server or client: one report column.</summary>
/// <param name="Server">The Server header of its handshake responses, if it sent one (a client's User-Agent in <c>serve</c>).</param>
/// <param name="Transport">What carried its WebSocket connections, e.g. "HTTP/1.1" (several joined by ", "); null when no case ran.</param>
public sealed record TargetRecord(string Url, string Agent, string? Server, VerdictCounts Summary, string? Transport = null);

/// <summary>How many cases earned each <c>behavior</c>, plus how many were slow.</summary>
/// <param name="Behavior">Verdict name (Autobahn's strings and ERROR) → count; every verdict is present.</param>
public sealed record VerdictCounts(int Cases, int Slow, IReadOnlyDictionary<string, int> Behavior);

/// <summary>A case that was selected out, kept so reports can list it as skipped.</summary>
public sealed record CaseReference(string Id, string? AutobahnId, string Section, string Title);

/// <summary>A selected case that never produced a result for a target, and why.</summary>
public sealed record NotRunRecord(string Id, string? AutobahnId, string Section, string Title, string Agent, string Reason);
