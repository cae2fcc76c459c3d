namespace WsConformance.Reporting;

/// <summary>
/// Autobahn|Testsuite's global case numbers: the 1-based position of an id in its full, numerically sorted list
/// of 517 cases (the <c>case</c> field of its per-case reports; 6.4.1 is 74, 10.1.1 is 301, 13.7.18 is 517).
/// </summary>
public static class AutobahnNumbering
{
    /// <summary>Sub-sections in Autobahn's order with their case counts; a one-part prefix is a flat section (ids "2.1" … "2.11").</summary>
    private static readonly (string Prefix, int Count)[] Groups =
    [
        ("1.1", 8), ("1.2", 8), ("2", 11), ("3", 7), ("4.1", 5), ("4.2", 5), ("5", 20),
        ("6.1", 3), ("6.2", 4), ("6.3", 2), ("6.4", 4), ("6.5", 5), ("6.6", 11), ("6.7", 4), ("6.8", 2), ("6.9", 4),
        ("6.10", 3), ("6.11", 5), ("6.12", 8), ("6.13", 5), ("6.14", 10), ("6.15", 1), ("6.16", 3), ("6.17", 5),
        ("6.18", 5), ("6.19", 5), ("6.20", 7), ("6.21", 8), ("6.22", 34), ("6.23", 7),
        ("7.1", 6), ("7.3", 6), ("7.5", 1), ("7.7", 13), ("7.9", 9), ("7.13", 2),
        ("9.1", 6), ("9.2", 6), ("9.3", 9), ("9.4", 9), ("9.5", 6), ("9.6", 6), ("9.7", 6), ("9.8", 6),
        ("10.1", 1),
        ("12.1", 18), ("12.2", 18), ("12.3", 18), ("12.4", 18), ("12.5", 18),
        ("13.1", 18), ("13.2", 18), ("13.3", 18), ("13.4", 18), ("13.5", 18), ("13.6", 18), ("13.7", 18),
    ];

    private static readonly Dictionary<string, int> Numbers = BuildNumbers();

    /// <summary>Number of cases in Autobahn's full catalog.</summary>
    public static int Total => Numbers.Count;

    /// <summary>The global number of an Autobahn id, or null when Autobahn has no such case.</summary>
    public static int? CaseNumber(string autobahnId) => Numbers.TryGetValue(autobahnId, out var number) ? number : null;

    private static Dictionary<string, int> BuildNumbers()
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (prefix, count) in Groups)
        {
            for (var i = 1; i <= count; i++)
            {
                numbers.Add($"{prefix}.{i}", numbers.Count + 1);
            }
        }

        return numbers;
    }
}
