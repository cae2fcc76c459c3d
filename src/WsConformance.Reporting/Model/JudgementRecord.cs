namespace WsConformance.Reporting.Model;

/// <summary>
/// A case's judgement as a structure (what h2spec prints under a failed case): the verdict and why, what it was
/// decided on, and how the connection ended. Absent (null) in reports written before wsconf had it.
/// </summary>
/// <param name="Reason">Why <paramref name="Behavior"/>, in one sentence (<see cref="CaseRecord.Reason"/> adds the evidence for FAILED).</param>
/// <param name="Evidence">Requirement, expected and actual; null when nothing was compared (a harness error).</param>
public sealed record JudgementRecord(string Behavior, string Reason, EvidenceRecord? Evidence, CloseJudgementRecord Close);

/// <summary>What a verdict was decided on.</summary>
/// <param name="Expected">The accepted outcomes, in the order they were tried, each with the verdict it earns.</param>
/// <param name="Actual">What the peer did, one entry per event or the handshake answer, escaped (quoted or hex).</param>
public sealed record EvidenceRecord(RequirementRecord Requirement, IReadOnlyList<ExpectedOutcomeRecord> Expected, IReadOnlyList<string> Actual);

/// <summary>One accepted outcome in words, and the verdict it earns.</summary>
public sealed record ExpectedOutcomeRecord(string Behavior, string Outcome);

/// <summary>Autobahn's <c>behaviorClose</c> and <c>resultClose</c>.</summary>
public sealed record CloseJudgementRecord(string Verdict, string Reason);
