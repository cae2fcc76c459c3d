using WsConformance.Reporting.Model;

namespace WsConformance.Reporting;

/// <summary>One case whose verdict changed between two reports.</summary>
public sealed record VerdictChange(string CaseId, string Agent, string Old, string New)
{
    public override string ToString() => $"{CaseId} [{Agent}]: {Old} → {New}";
}

/// <summary>What changed between two reports of the same server(s).</summary>
/// <param name="Changed">Verdicts that differ but rank the same (INFORMATIONAL ↔ UNIMPLEMENTED).</param>
/// <param name="Added">Cases only the new report has.</param>
/// <param name="Removed">Cases only the old report has.</param>
public sealed record ReportDiff(
    IReadOnlyList<VerdictChange> Regressions,
    IReadOnlyList<VerdictChange> Fixes,
    IReadOnlyList<VerdictChange> Changed,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed)
{
    /// <summary>
    /// Compares per target and case id. Targets are paired by agent name; those left over are paired in
    /// column order, so a report of "server 1.2" compares with one of "server 1.3".
    /// </summary>
    public static ReportDiff Compare(ReportDocument older, ReportDocument newer)
    {
        var regressions = new List<VerdictChange>();
        var fixes = new List<VerdictChange>();
        var changed = new List<VerdictChange>();
        var added = new List<string>();
        var removed = new List<string>();
        foreach (var (oldAgent, newAgent) in PairTargets(older, newer))
        {
            var before = older.Cases.Where(c => c.Agent == oldAgent).ToDictionary(c => c.Id, StringComparer.Ordinal);
            var after = newer.Cases.Where(c => c.Agent == newAgent).ToDictionary(c => c.Id, StringComparer.Ordinal);
            foreach (var (id, now) in after)
            {
                if (!before.TryGetValue(id, out var then))
                {
                    added.Add($"{id} [{newAgent}]: {now.Behavior}");
                    continue;
                }

                var change = new VerdictChange(id, newAgent, then.Behavior, now.Behavior);
                var order = VerdictOrder.Rank(now.Behavior).CompareTo(VerdictOrder.Rank(then.Behavior));
                (order > 0 ? regressions : order < 0 ? fixes : then.Behavior == now.Behavior ? null : changed)?.Add(change);
            }

            removed.AddRange(before.Keys.Where(id => !after.ContainsKey(id)).Select(id => $"{id} [{oldAgent}]"));
        }

        return new ReportDiff(regressions, fixes, changed, added, removed);
    }

    private static IEnumerable<(string Old, string New)> PairTargets(ReportDocument older, ReportDocument newer)
    {
        var oldAgents = older.Targets.Select(t => t.Agent).ToList();
        var newAgents = newer.Targets.Select(t => t.Agent).ToList();
        var same = oldAgents.Intersect(newAgents, StringComparer.Ordinal).ToList();
        var pairs = same.Select(a => (a, a)).ToList();
        pairs.AddRange(oldAgents.Except(same).Zip(newAgents.Except(same)));
        return pairs;
    }
}
