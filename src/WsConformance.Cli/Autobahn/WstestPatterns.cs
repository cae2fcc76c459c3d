using System.Text.RegularExpressions;

namespace WsConformance.Cli.Autobahn;

/// <summary>The glob rules wstest applies to a spec's case and agent lists (autobahn.md §2.7).</summary>
internal static class WstestPatterns
{
    /// <summary><c>cases</c> / <c>exclude-cases</c>: with a <c>*</c>, matched from the start only (Python's re.match), so "1*" also takes 10.x; without, the exact id.</summary>
    public static bool MatchesCase(string caseId, string pattern) =>
        pattern.Contains('*', StringComparison.Ordinal) ? Glob(pattern, anchorEnd: false).IsMatch(caseId) : caseId == pattern;

    /// <summary><c>exclude-agent-cases</c>: agent and case patterns both match the whole text.</summary>
    public static bool MatchesWhole(string text, string pattern) => Glob(pattern, anchorEnd: true).IsMatch(text);

    private static Regex Glob(string pattern, bool anchorEnd) =>
        new("^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal) + (anchorEnd ? "$" : ""), RegexOptions.CultureInvariant);
}
