namespace WsConformance.Reporting;

/// <summary>
/// How good a <c>behavior</c> is, for regressions: OK, then NON-STRICT (conformant), then INFORMATIONAL and
/// UNIMPLEMENTED (no judgement), then SLOW (correct so far, out of time), then FAILED, then ERROR (nothing could be judged).
/// </summary>
public static class VerdictOrder
{
    /// <summary>Every verdict name, best first.</summary>
    public static IReadOnlyList<string> Names { get; } = ["OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED", "SLOW", "FAILED", "ERROR"];

    /// <summary>The verdicts a case may have without a baseline saying so: everything but FAILED and ERROR.</summary>
    public static IReadOnlyList<string> Passing { get; } = ["OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED", "SLOW"];

    public static bool IsKnown(string verdict) => Names.Contains(verdict, StringComparer.Ordinal);

    /// <summary>Lower is better; INFORMATIONAL and UNIMPLEMENTED rank the same.</summary>
    public static int Rank(string verdict) => verdict switch
    {
        "OK" => 0,
        "NON-STRICT" => 1,
        "INFORMATIONAL" or "UNIMPLEMENTED" => 2,
        "SLOW" => 3,
        "FAILED" => 4,
        _ => 5,
    };
}
