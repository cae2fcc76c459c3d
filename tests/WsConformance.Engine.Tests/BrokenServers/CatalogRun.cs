using WsConformance.Cases;
using WsConformance.Cases.Model;
using WsConformance.Engine.Running;

namespace WsConformance.Engine.Tests.BrokenServers;

/// <summary>Runs catalog cases selected by Autobahn patterns against a test server and explains the outcome.</summary>
internal static class CatalogRun
{
    private const int MaxReasonLength = 600;

    private static readonly Lazy<IReadOnlyList<CaseDefinition>> Catalog =
        new(() => [.. CatalogLoader.LoadDirectory(CatalogLoader.DefaultDirectory).Cases.Where(c => c.Testees.HasFlag(Testees.Servers))]);

    /// <summary>Concurrency for every run: most of a case is waiting, and tests share two cores with others.</summary>
    public static RunOptions Options { get; } = new(Concurrency: 16);

    public static IReadOnlyList<CaseDefinition> Select(IReadOnlyList<string> include, IReadOnlyList<string>? exclude = null)
    {
        var selected = CaseSelector.Select(Catalog.Value, include, exclude ?? []);
        Assert.NotEmpty(selected);
        return selected;
    }

    public static async Task<IReadOnlyList<CaseResult>> RunAsync(Uri uri, IReadOnlyList<string> include, IReadOnlyList<string>? exclude = null)
    {
        var cases = Select(include, exclude);
        var run = await ConformanceRun.RunAsync(cases, [new Target(uri, "test-server")], Options, null, CancellationToken.None);
        Assert.True(run.Complete);
        Assert.Equal(cases.Count, run.Results.Count);
        return run.Results;
    }

    /// <summary>One line per case: id, both verdicts, and why.</summary>
    public static string Describe(IEnumerable<CaseResult> results) => string.Join(Environment.NewLine, results.Select(Describe));

    public static string Describe(CaseResult result) =>
        $"{result.Case.Id}: {VerdictNames.Of(result.Behavior)} / close {VerdictNames.Of(result.BehaviorClose)}"
        + $"{(result.Judgement.Slow ? " (slow)" : "")} — {Shorten(result.Judgement.Result)} | {Shorten(result.Judgement.ResultClose)}";

    /// <summary>A flood's judgement lists every message; a test report needs only its start.</summary>
    private static string Shorten(string text) => text.Length <= MaxReasonLength ? text : $"{text[..MaxReasonLength]}… ({text.Length} chars)";

    public static CaseResult Find(IReadOnlyList<CaseResult> results, string id) =>
        results.SingleOrDefault(r => r.Case.Id == id)
        ?? throw new Xunit.Sdk.XunitException($"Case {id} was not run; the run had: {string.Join(", ", results.Select(r => r.Case.Id))}.");

    /// <summary>Each named case is FAILED; the message lists those that are not, with why.</summary>
    public static void AssertFailed(IReadOnlyList<CaseResult> results, params string[] ids)
    {
        var notFailed = ids.Select(id => Find(results, id)).Where(r => r.Behavior != Verdict.Failed).ToList();
        Assert.True(notFailed.Count == 0, "Expected FAILED:" + Environment.NewLine + Describe(notFailed));
    }

    /// <summary>No named case is FAILED or ERROR; the message lists those that are, with why.</summary>
    public static void AssertNotFailed(IReadOnlyList<CaseResult> results, params string[] ids)
    {
        var failed = ids.Select(id => Find(results, id)).Where(r => r.Behavior is Verdict.Failed or Verdict.Error).ToList();
        Assert.True(failed.Count == 0, "Expected no FAILED or ERROR:" + Environment.NewLine + Describe(failed));
    }
}
