using WsConformance.Cases.Model;

namespace WsConformance.Cases;

/// <summary>
/// The catalog by the RFC section each case cites (<c>rfc: { section, document }</c> in its file): patterns such as
/// <c>rfc:5.2</c> that select a section and its subsections, and the sections in document order.
/// </summary>
public static class RfcSections
{
    /// <summary>
    /// <c>rfc:</c> selects sections of RFC 6455 (the document case files cite unless they say otherwise);
    /// <c>rfc7692:</c> and the like select another document's.
    /// </summary>
    private const string PatternPrefix = "rfc";

    private const string DefaultDocumentNumber = "6455";

    /// <summary>
    /// True when <paramref name="pattern"/> is an RFC-section pattern: <c>rfc:5.2</c> (RFC 6455) or <c>rfc7692:7.2</c>,
    /// giving the document as case files name it ("RFC 7692") and the section.
    /// </summary>
    public static bool TryParsePattern(string pattern, out string document, out string section)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        (document, section) = ("", "");
        var colon = pattern.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !pattern.StartsWith(PatternPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var number = pattern[PatternPrefix.Length..colon];
        if (number.Length == 0)
        {
            number = DefaultDocumentNumber;
        }

        (document, section) = ($"RFC {number}", pattern[(colon + 1)..]);
        return number.All(char.IsAsciiDigit) && section.Length > 0;
    }

    /// <summary>A requirement that stands in <paramref name="cited"/> stands in <paramref name="section"/> of <paramref name="document"/> or in one of its subsections.</summary>
    public static bool Cites((string Document, string Section) cited, string document, string section) =>
        cited.Document == document && (cited.Section == section || cited.Section.StartsWith(section + ".", StringComparison.Ordinal));

    /// <summary>The cases grouped by the section they cite, documents and sections in numeric order (5.2 before 5.10).</summary>
    public static IReadOnlyList<IGrouping<(string Document, string Section), CaseDefinition>> Group(IEnumerable<CaseDefinition> cases) =>
        [.. cases.GroupBy(c => (c.Requirement.Rfc, c.Requirement.RfcSection)).OrderBy(g => g.Key, SectionOrder.Instance)];

    /// <summary>"RFC 6455" before "RFC 7692", then section numbers compared number by number.</summary>
    private sealed class SectionOrder : IComparer<(string Document, string Section)>
    {
        public static readonly SectionOrder Instance = new();

        public int Compare((string Document, string Section) x, (string Document, string Section) y)
        {
            var byDocument = string.CompareOrdinal(x.Document, y.Document);
            if (byDocument != 0)
            {
                return byDocument;
            }

            var (left, right) = (x.Section.Split('.'), y.Section.Split('.'));
            for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
            {
                var byPart = int.TryParse(left[i], out var a) && int.TryParse(right[i], out var b) ? a.CompareTo(b) : string.CompareOrdinal(left[i], right[i]);
                if (byPart != 0)
                {
                    return byPart;
                }
            }

            return left.Length.CompareTo(right.Length);
        }
    }
}
