using WsConformance.Cases.Model;
using WsConformance.Reporting.Model;
using WsConformance.Reporting.Tests.Support;

namespace WsConformance.Reporting.Tests;

public sealed class BaselineTests
{
    private static ReportDocument Report(params (string Id, Verdict Verdict)[] results) =>
        ReportBuilder.Build(Synthetic.Run(results.Select(r => Synthetic.Result(Synthetic.Case(r.Id, r.Id.Split('.')[0], r.Id), r.Verdict)).ToList()), "1.2.3");

    [Fact]
    public void Run_that_fits_has_no_deviation()
    {
        var baseline = Parse("# comment\n*: OK\n6.4.*: OK|NON-STRICT   # UTF-8 checked per message\n7.1.5: FAILED\n");

        Assert.Empty(baseline.Check(Report(("1.1.1", Verdict.Ok), ("6.4.1", Verdict.NonStrict), ("7.1.5", Verdict.Failed))));
    }

    [Fact]
    public void Worse_verdict_is_a_regression_naming_the_deciding_line()
    {
        var baseline = Parse("*: OK\n6.4.*: OK|NON-STRICT\n");

        var deviation = Assert.Single(baseline.Check(Report(("6.4.2", Verdict.Failed), ("1.1.1", Verdict.Ok))));

        Assert.False(deviation.Improvement);
        Assert.Equal(2, deviation.Rule!.Line);
        Assert.Equal("6.4.2 [synthetic-server/1.0]: FAILED, baseline accepts OK|NON-STRICT (line 2: 6.4.*)", deviation.ToString());
    }

    [Fact]
    public void An_rfc_section_pattern_picks_the_cases_citing_it()
    {
        // Synthetic cases cite RFC 6455 §5.2.
        var baseline = Parse("*: OK\nrfc:5: FAILED\n");

        Assert.Empty(baseline.Check(Report(("1.1.1", Verdict.Failed))));
    }

    [Fact]
    public void Better_verdict_is_an_improvement_not_a_regression()
    {
        var deviation = Assert.Single(Parse("7.1.5: FAILED\n").Check(Report(("7.1.5", Verdict.Ok))));

        Assert.True(deviation.Improvement);
    }

    [Fact]
    public void Unlisted_case_may_pass_in_any_way_but_not_fail()
    {
        var deviations = Parse("1.*: OK\n").Check(Report(("2.1", Verdict.Informational), ("2.2", Verdict.Failed), ("2.3", Verdict.Error)));

        Assert.Equal(["2.2", "2.3"], deviations.Select(d => d.CaseId));
        Assert.All(deviations, d => Assert.Null(d.Rule));
    }

    [Fact]
    public void Written_baseline_accepts_its_own_run_and_catches_a_change()
    {
        var report = Report(("1.1.1", Verdict.Ok), ("6.4.1", Verdict.NonStrict), ("7.1.5", Verdict.Failed));
        var baseline = Parse(Baseline.From(report));

        Assert.Empty(baseline.Check(report));
        Assert.Single(baseline.Check(Report(("1.1.1", Verdict.NonStrict))));
    }

    [Fact]
    public void Written_baseline_accepts_both_verdicts_of_a_case_that_grades_timing()
    {
        var graded = Synthetic.Case("3.2", "3", "3.2") with
        {
            Expectation = Synthetic.Case("3.2", "3").Expectation with
            {
                Alternatives = [new EventAlternative(Verdict.Ok, []), new EventAlternative(Verdict.NonStrict, [])],
            },
        };
        var report = ReportBuilder.Build(Synthetic.Run([Synthetic.Result(graded, Verdict.NonStrict), Synthetic.Result(Synthetic.Case("1.1.1", "1"), Verdict.Ok)]), "1.2.3");

        var written = Baseline.From(report);

        Assert.Contains("3.2: OK|NON-STRICT", written, StringComparison.Ordinal);
        Assert.Contains("1.1.1: OK" + Environment.NewLine, written, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("6.4.*\n", "line 1: expected 'PATTERN: VERDICT")]
    [InlineData("*: OK\n6.4.*: PASS\n", "line 2: unknown verdict PASS")]
    [InlineData(": OK\n", "line 1: expected")]
    public void Bad_lines_are_reported_with_their_number(string text, string expected)
    {
        Assert.Null(Baseline.Parse(text, out var errors));
        Assert.StartsWith(expected, Assert.Single(errors));
    }

    [Fact]
    public void Diff_lists_regressions_fixes_and_membership_changes()
    {
        var older = Report(("1.1.1", Verdict.Ok), ("2.1", Verdict.Failed), ("3.1", Verdict.Informational), ("4.1", Verdict.Ok));
        var newer = Report(("1.1.1", Verdict.Failed), ("2.1", Verdict.Ok), ("3.1", Verdict.Unimplemented), ("5.1", Verdict.Ok));

        var diff = ReportDiff.Compare(older, newer);

        Assert.Equal("1.1.1 [synthetic-server/1.0]: OK → FAILED", Assert.Single(diff.Regressions).ToString());
        Assert.Equal("2.1", Assert.Single(diff.Fixes).CaseId);
        Assert.Equal("3.1", Assert.Single(diff.Changed).CaseId);
        Assert.StartsWith("5.1", Assert.Single(diff.Added));
        Assert.StartsWith("4.1", Assert.Single(diff.Removed));
    }

    [Fact]
    public void Diff_pairs_renamed_targets_by_position()
    {
        var older = Report(("1.1.1", Verdict.Ok));
        var newer = older with
        {
            Targets = [older.Targets[0] with { Agent = "synthetic-server/2.0" }],
            Cases = [older.Cases[0] with { Agent = "synthetic-server/2.0", Behavior = "FAILED" }],
        };

        Assert.Single(ReportDiff.Compare(older, newer).Regressions);
    }

    private static Baseline Parse(string text)
    {
        var baseline = Baseline.Parse(text, out var errors);
        Assert.Empty(errors);
        return baseline!;
    }
}
