using System.Globalization;
using WsConformance.PropertyFuzzing.Running;

namespace WsConformance.PropertyFuzzing.Reporting;

/// <summary>A finding's figures in words, the same in the terminal summary and the case file.</summary>
public static class FindingText
{
    /// <summary>The kinds of conversation a finding showed up in, most runs first: <c>no fault ×12, InvalidTextUtf8 ×3</c>.</summary>
    public static string Categories(Finding finding) =>
        string.Join(", ", OrderedCategories(finding).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} ×{c.Value}")));

    /// <summary>The categories with their run counts, most runs first (then by name, so the order is stable).</summary>
    public static IEnumerable<KeyValuePair<string, int>> OrderedCategories(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Categories.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal);
    }
}
