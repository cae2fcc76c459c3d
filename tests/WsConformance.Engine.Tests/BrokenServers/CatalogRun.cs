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

    public static Task<IReadOnlyList<CaseResult>> RunAsync(Uri uri, IReadOnlyList<string> include, IReadOnlyList<string>? exclude = null) =>
        RunAsync(Select(include, exclude), uri, Options);

    /// <summary>Runs <paramref name="cases"/>, all of which must finish.</summary>
    public static async Task<IReadOnlyList<CaseResult>> RunAsync(IReadOnlyList<CaseDefinition> cases, Uri uri, RunOptions options,
        CancellationToken cancellationToken = default)
    {
        var run = await ConformanceRun.RunAsync(cases, [new Target(uri, "test-server")], options, null, cancellationToken);
        Assert.True(run.Complete);
        Assert.Equal(cases.Count, run.Results.Count);
        return run.Results;
    }

    /// <summary>
    /// Cases where a valid message is followed at once by an invalid frame: whether the server echoes before it fails
    /// races inside the server (Kestrel, ws), so OK and NON-STRICT both happen from run to run on the same transport.
    /// </summary>
    private static readonly string[] ServerRaces = ["3.2", "3.3", "3.4", "4.1.3", "4.1.4", "4.1.5", "4.2.3", "4.2.4", "4.2.5", "5.15"];

    /// <summary>Two outcomes of a <see cref="ServerRaces"/> case that differ only as that race makes them differ.</summary>
    public static bool IsServerRace(CaseResult one, CaseResult other) =>
        ServerRaces.Contains(one.Case.Id) && one.BehaviorClose == other.BehaviorClose
        && one.Behavior is Verdict.Ok or Verdict.NonStrict && other.Behavior is Verdict.Ok or Verdict.NonStrict;

    /// <summary>
    /// Each case of <paramref name="results"/> whose behavior or close verdict differs from the same case in
    /// <paramref name="reference"/>, both described, unless <paramref name="allowed"/> says the difference is expected.
    /// </summary>
    public static IReadOnlyList<string> VerdictDifferences(IReadOnlyList<CaseResult> results, IReadOnlyList<CaseResult> reference,
        Func<CaseResult, CaseResult, bool>? allowed = null) =>
        [
            .. results.Select(result => (Result: result, Reference: Find(reference, result.Case.Id)))
                .Where(pair => pair.Result.Behavior != pair.Reference.Behavior || pair.Result.BehaviorClose != pair.Reference.BehaviorClose)
                .Where(pair => allowed?.Invoke(pair.Result, pair.Reference) != true)
                .Select(pair => $"{pair.Result.Transport}: {Describe(pair.Result)}{Environment.NewLine}{pair.Reference.Transport}: {Describe(pair.Reference)}"),
        ];

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
