namespace WsConformance.Cases.Model;

/// <summary>Both verdicts of a case and why, in words a person can act on.</summary>
/// <param name="Reason">Why <paramref name="Behavior"/>, in one sentence (the headline of Autobahn's <c>result</c>).</param>
/// <param name="ResultClose">Why <paramref name="BehaviorClose"/> (Autobahn's <c>resultClose</c>).</param>
/// <param name="Slow">The peer answered correctly but only after a timer had run out.</param>
public sealed record Judgement(Verdict Behavior, CloseVerdict BehaviorClose, string Reason, string ResultClose, bool Slow)
{
    /// <summary>
    /// What the verdict was decided on — requirement, expected alternatives, actual outcome — for reports to print
    /// as an Expected / Actual block; null when nothing was compared (a harness error, a case that never started).
    /// </summary>
    public Evidence? Evidence { get; init; }

    /// <summary>
    /// Autobahn's <c>result</c>: the reason, and for a FAILED case the evidence too, on one line, so Autobahn-style
    /// per-case files say what went wrong without the structure.
    /// </summary>
    public string Result => Behavior == Verdict.Failed && Evidence is { } evidence ? $"{Reason} {evidence.ToOneLine()}" : Reason;
}

/// <summary>What a verdict was decided on, as h2spec prints it under a failed case.</summary>
/// <param name="Requirement">The normative sentence the case checks.</param>
/// <param name="Expected">The accepted outcomes in the order they were tried, each with the verdict it earns.</param>
/// <param name="Actual">
/// What the peer did, one entry per event (or the handshake answer), already escaped for display: bytes from the wire
/// are quoted or shown as hex, never raw.
/// </param>
public sealed record Evidence(Requirement Requirement, IReadOnlyList<ExpectedOutcome> Expected, IReadOnlyList<string> Actual)
{
    /// <summary>Shown for an empty <see cref="Actual"/> or an alternative that expects no events.</summary>
    public const string NoEvents = "(no events)";

    /// <summary>"Requirement (RFC 6455 §5.2, MUST): … Expected: OK: …; NON-STRICT: …. Actual: …."</summary>
    public string ToOneLine()
    {
        var expected = Expected.Count == 0 ? NoEvents : string.Join("; ", Expected.Select(e => e.ToString()));
        return $"Requirement ({Requirement.Cited()}): {Requirement.Text} Expected: {expected}. Actual: {ActualText()}.";
    }

    /// <summary>The actual outcome as one comma-separated phrase.</summary>
    public string ActualText() => Actual.Count == 0 ? NoEvents : string.Join(", ", Actual);
}

/// <summary>One accepted outcome, in words, and the verdict it earns.</summary>
public sealed record ExpectedOutcome(Verdict Verdict, string Outcome)
{
    public override string ToString() => $"{VerdictNames.Of(Verdict)}: {Outcome}";
}
