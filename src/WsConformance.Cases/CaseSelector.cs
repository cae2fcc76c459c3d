using System.Text.RegularExpressions;
using WsConformance.Cases.Model;

namespace WsConformance.Cases;

/// <summary>
/// Picks cases by id pattern, with Autobahn|Testsuite's <c>cases</c> / <c>exclude-cases</c> semantics so existing
/// fuzzingclient specs keep selecting the same cases.
/// </summary>
public static class CaseSelector
{
    private const string SelectAll = "*";

    /// <summary>
    /// Cases matched by any <paramref name="include"/> pattern (all when it is empty) and by no
    /// <paramref name="exclude"/> pattern, in their original order.
    /// </summary>
    public static IReadOnlyList<CaseDefinition> Select(
        IEnumerable<CaseDefinition> cases, IReadOnlyList<string> include, IReadOnlyList<string> exclude)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(include);
        ArgumentNullException.ThrowIfNull(exclude);
        return
        [
            .. cases.Where(c =>
                (include.Count == 0 || include.Any(p => Matches(c.Id, c.Section, p, Cited(c))))
                && !exclude.Any(p => Matches(c.Id, c.Section, p, Cited(c)))),
        ];
    }

    /// <summary>
    /// As <see cref="Matches(string, string, string)"/>, and an RFC-section pattern (<c>rfc:5.2</c>, <c>rfc7692:7.2</c>)
    /// selects the cases whose requirement stands in that section or one of its subsections.
    /// </summary>
    /// <param name="cited">Where the case's requirement stands: document ("RFC 6455") and section ("5.2").</param>
    public static bool Matches(string caseId, string sectionId, string pattern, (string Document, string Section) cited) =>
        RfcSections.TryParsePattern(pattern, out var document, out var section)
            ? RfcSections.Cites(cited, document, section)
            : Matches(caseId, sectionId, pattern);

    private static (string Document, string Section) Cited(CaseDefinition definition) => (definition.Requirement.Rfc, definition.Requirement.RfcSection);

    /// <summary>
    /// Autobahn-compatible: a pattern containing <c>*</c> is a regex ('.' literal, '*' any run) matched as a
    /// prefix of the id, so "1*" also selects 10.x; a pattern without <c>*</c> must equal the id. In addition
    /// "*" selects everything and a pattern equal to a named (non-numeric) section id selects that section;
    /// numeric sections are left out so "6" keeps meaning the case "6", as in Autobahn (use "6.*").
    /// </summary>
    public static bool Matches(string caseId, string sectionId, string pattern)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        ArgumentNullException.ThrowIfNull(sectionId);
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern == SelectAll || (pattern == sectionId && !IsNumeric(sectionId)))
        {
            return true;
        }

        if (!pattern.Contains('*', StringComparison.Ordinal))
        {
            return pattern == caseId;
        }

        // Autobahn: re.match(pattern.replace('.', '\.').replace('*', '.*'), id) — anchored at the start only.
        var regex = "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal);
        return Regex.IsMatch(caseId, regex, RegexOptions.CultureInvariant);
    }

    private static bool IsNumeric(string sectionId) => sectionId.Length > 0 && sectionId.All(char.IsAsciiDigit);
}
