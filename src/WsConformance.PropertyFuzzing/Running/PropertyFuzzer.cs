using System.Diagnostics;
using System.Globalization;
using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.PropertyFuzzing.Conversations;
using WsConformance.PropertyFuzzing.Findings;

namespace WsConformance.PropertyFuzzing.Running;

/// <summary>
/// The property "the server behaves as the reference model allows", checked on generated conversations against a
/// live server. Each conversation runs on a fresh connection; a FAILED one is run again and reported only when it
/// fails again (no flaky findings). Once the runs are over, the confirmed failures become distinct findings
/// (<see cref="FindingSearch"/>): shrunk in parallel, and identified by what the server did wrong.
/// </summary>
public sealed class PropertyFuzzer
{
    private readonly Target _target;
    private readonly FuzzOptions _options;
    private readonly RunGenerator _generator;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _verdicts = [];
    private readonly List<ConfirmedFailure> _confirmed = [];
    private readonly HashSet<string> _deviations = new(StringComparer.Ordinal);
    private int _runs;
    private int _skipped;
    private int _flaky;

    public PropertyFuzzer(Target target, FuzzOptions options)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        _target = target;
        _options = options;
        _generator = new RunGenerator(options.Seed, options.MaxFrames);
    }

    /// <summary>The case id of a run's conversation.</summary>
    public static string CaseId(int seed, int run) => string.Create(CultureInfo.InvariantCulture, $"fuzz.{seed}.{run}");

    /// <summary>Runs every conversation; <paramref name="onRunFinished"/> sees each run's result (for progress).</summary>
    public async Task<FuzzResult> RunAsync(Action<CaseResult>? onRunFinished, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(1, _options.Runs),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.EngineOptions.Concurrency), CancellationToken = stop.Token },
                async (run, token) =>
                {
                    if (await RunOneAsync(run, token) is { } result)
                    {
                        onRunFinished?.Invoke(result);
                    }

                    if (_options.StopAfterFindings is { } enough && ConfirmedCount >= enough)
                    {
                        await stop.CancelAsync();
                    }
                });
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Enough findings: the remaining runs are not needed.
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: report what finished.
        }

        var runsElapsed = clock.Elapsed;
        var search = new FindingSearch(_target, _options, Prepare);
        var findings = cancellationToken.IsCancellationRequested ? [] : await search.RunAsync(_confirmed, cancellationToken);
        lock (_gate)
        {
            return new FuzzResult(_options.Seed, _runs, _skipped, new Dictionary<string, int>(_verdicts), _flaky + search.Flaky, findings, runsElapsed,
                clock.Elapsed - runsElapsed,
                Complete: !cancellationToken.IsCancellationRequested);
        }
    }

    /// <summary>Models and converts a conversation into its case; null when the model declines it.</summary>
    public PreparedConversation? Prepare(Conversation conversation, int run) =>
        ConversationCases.Prepare(conversation, CaseId(_options.Seed, run),
            string.Create(CultureInfo.InvariantCulture, $"Property fuzzing, seed {_options.Seed}, run {run}: {conversation.Summary}"), _options.ModelOptions);

    /// <summary>
    /// Distinct deviations among the confirmed failures so far: what <see cref="FuzzOptions.StopAfterFindings"/> counts,
    /// before shrinking can tell which of them are one bug.
    /// </summary>
    private int ConfirmedCount
    {
        get
        {
            lock (_gate)
            {
                return _deviations.Count;
            }
        }
    }

    private async Task<CaseResult?> RunOneAsync(int run, CancellationToken cancellationToken)
    {
        if (Prepare(_generator.For(run), run) is not { } prepared)
        {
            lock (_gate)
            {
                _skipped++;
            }

            return null;
        }

        var result = await ConversationExecutor.RunAsync(prepared, _target, _options.EngineOptions, cancellationToken);
        lock (_gate)
        {
            _runs++;
            var name = VerdictNames.Of(result.Behavior);
            _verdicts[name] = _verdicts.GetValueOrDefault(name) + 1;
        }

        if (result.Behavior == Verdict.Failed)
        {
            await OnFailedAsync(run, prepared, cancellationToken);
        }

        return result;
    }

    /// <summary>Re-runs a failure; a confirmed one waits for the finding search after the runs.</summary>
    private async Task OnFailedAsync(int run, PreparedConversation prepared, CancellationToken cancellationToken)
    {
        var again = await ConversationExecutor.RunAsync(prepared, _target, _options.EngineOptions, cancellationToken);
        lock (_gate)
        {
            if (again.Behavior != Verdict.Failed)
            {
                _flaky++;
                return;
            }

            var failure = new ConfirmedFailure(run, prepared, again, ConversationExecutor.Categorize(prepared));
            _confirmed.Add(failure);
            _deviations.Add(failure.Core.Title);
        }
    }
}
