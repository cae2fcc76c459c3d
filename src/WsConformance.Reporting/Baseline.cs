using System.Text;
using WsConformance.Cases;
using WsConformance.Cases.Model;
using WsConformance.Reporting.Model;

namespace WsConformance.Reporting;

/// <summary>One line of a baseline: a case pattern and the verdicts accepted for the cases it matches.</summary>
public sealed record BaselineRule(int Line, string Pattern, IReadOnlyList<string> Accepted);

/// <summary>A case whose verdict the baseline does not accept.</summary>
/// <param name="Rule">The line that decided, or null when no line matched (then any passing verdict is accepted).</param>
public sealed record BaselineDeviation(string CaseId, string Agent, string Actual, IReadOnlyList<string> Accepted, BaselineRule? Rule, bool Improvement)
{
    public override string ToString() =>
        $"{CaseId} [{Agent}]: {Actual}, baseline accepts {string.Join("|", Accepted)}" +
        (Rule is null ? " (no line matches)" : $" (line {Rule.Line}: {Rule.Pattern})") + (Improvement ? " — better than the baseline; update it" : "");
}

/// <summary>
/// Expectations for CI gating on "no regression". One rule per line, <c>PATTERN: VERDICT[|VERDICT…]</c>, e.g.
/// <c>6.4.*: OK|NON-STRICT</c>; patterns are <c>--cases</c> patterns; <c>#</c> starts a comment. The last line
/// that matches a case decides; a case no line matches may be anything but FAILED or ERROR. A verdict the
/// baseline does not accept is a regression, unless it is better than every accepted one (an improvement,
/// reported but not failing).
/// </summary>
public sealed class Baseline
{
    private Baseline(IReadOnlyList<BaselineRule> rules) => Rules = rules;

    public IReadOnlyList<BaselineRule> Rules { get; }

    /// <summary>Parses a baseline; <paramref name="errors"/> lists every bad line (the result is then null).</summary>
    public static Baseline? Parse(string text, out IReadOnlyList<string> errors)
    {
        var rules = new List<BaselineRule>();
        var problems = new List<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var comment = line.IndexOf('#', StringComparison.Ordinal);
            line = (comment >= 0 ? line[..comment] : line).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.LastIndexOf(':');
            var pattern = colon > 0 ? line[..colon].Trim() : "";
            var accepted = colon > 0 ? line[(colon + 1)..].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
            var unknown = accepted.Where(v => !VerdictOrder.IsKnown(v)).ToList();
            if (pattern.Length == 0 || accepted.Length == 0)
            {
                problems.Add($"line {i + 1}: expected 'PATTERN: VERDICT[|VERDICT…]', got '{line}'");
            }
            else if (unknown.Count > 0)
            {
                problems.Add($"line {i + 1}: unknown verdict {string.Join(", ", unknown)} (known: {string.Join(", ", VerdictOrder.Names)})");
            }
            else
            {
                rules.Add(new BaselineRule(i + 1, pattern, accepted));
            }
        }

        errors = problems;
        return problems.Count == 0 ? new Baseline(rules) : null;
    }

    /// <summary>Every result the baseline does not accept: regressions and improvements.</summary>
    public IReadOnlyList<BaselineDeviation> Check(ReportDocument report)
    {
        var deviations = new List<BaselineDeviation>();
        foreach (var result in report.Cases)
        {
            var rule = Rules.LastOrDefault(r => CaseSelector.Matches(result.Id, result.Section, r.Pattern, (result.Requirement.Rfc, result.Requirement.Section)));
            var accepted = rule?.Accepted ?? VerdictOrder.Passing;
            if (!accepted.Contains(result.Behavior, StringComparer.Ordinal))
            {
                var improvement = accepted.All(v => VerdictOrder.Rank(result.Behavior) < VerdictOrder.Rank(v));
                deviations.Add(new BaselineDeviation(result.Id, result.Agent, result.Behavior, accepted, rule, improvement));
            }
        }

        return deviations;
    }

    /// <summary>
    /// A baseline that accepts what <paramref name="report"/> saw: per case, its verdicts over all targets. Where a
    /// case grades the same behaviour OK or NON-STRICT by timing (the server echoing before or after it fails the
    /// connection, Autobahn 3.2, 4.1.3, 5.15, …) and the run got one of the two, both are accepted: which one a
    /// server gets varies from run to run, and both are conformant.
    /// </summary>
    public static string From(ReportDocument report)
    {
        var text = new StringBuilder()
            .AppendLine($"# wsconf baseline written from a run of {report.Started:yyyy-MM-dd HH:mm} UTC ({string.Join(", ", report.Targets.Select(t => t.Agent))}).")
            .AppendLine("# PATTERN: VERDICT[|VERDICT...]   (the last matching line decides; unlisted cases may be anything but FAILED/ERROR)");
        foreach (var byCase in report.Cases.GroupBy(c => c.Id))
        {
            var verdicts = byCase.Select(c => c.Behavior).Concat(TimingTwins(byCase.First())).Distinct(StringComparer.Ordinal).OrderBy(VerdictOrder.Rank);
            text.AppendLine($"{byCase.Key}: {string.Join("|", verdicts)}");
        }

        return text.ToString();
    }

    private static IEnumerable<string> TimingTwins(CaseRecord result)
    {
        string[] twins = [VerdictNames.Of(Verdict.Ok), VerdictNames.Of(Verdict.NonStrict)];
        var graded = result.Expected.Alternatives.Select(a => a.Behavior).ToHashSet(StringComparer.Ordinal);
        return twins.Contains(result.Behavior, StringComparer.Ordinal) && twins.All(graded.Contains) ? twins : [];
    }
}
