using System.Diagnostics;
using System.Security.Cryptography;
using WsConformance.Fuzzing.Coverage;
using WsConformance.Fuzzing.Loading;
using WsConformance.Fuzzing.Targets;

namespace WsConformance.Fuzzing.Engine;

/// <summary>
/// A small libFuzzer-like coverage-guided loop on the same SharpFuzz instrumentation as the AFL++ and libFuzzer front ends, for quick local
/// runs and CI: pick an input from the corpus, mutate it, run it, keep it when it adds coverage, save and
/// minimise crashes (de-duplicated by stack), stop on a hang. One thread, deterministic for a seed.
/// </summary>
public sealed class FuzzEngine
{
    private const int ClockCheckMask = 63;

    private readonly LoadedTargets _targets;
    private readonly FuzzTarget _target;
    private readonly FuzzOptions _options;
    private readonly Random _random;
    private readonly List<Finding> _findings = [];
    private readonly HashSet<string> _signatures = [];
    private readonly Stopwatch _clock = new();
    private CoverageMap _map = null!;
    private CoverageTracker _tracker = null!;
    private Corpus _corpus = null!;
    private long _executions;

    /// <summary>
    /// The input being run, for the hang watchdog. It is only read after the executions counter has stood still
    /// for the whole time limit, i.e. long after the worker wrote it and went into the target.
    /// </summary>
    private ArraySegment<byte> _current;
    private volatile bool _stop;

    /// <summary>An engine for <paramref name="target"/>, one of <paramref name="targets"/>.</summary>
    public FuzzEngine(LoadedTargets targets, FuzzTarget target, FuzzOptions options)
    {
        _targets = targets;
        _target = target;
        _options = options;
        _random = new Random(options.Seed);
    }

    /// <summary>Runs until a limit is reached (or the first finding, or a hang) and reports.</summary>
    public FuzzReport Run()
    {
        CoverageMap map = CoverageMap.Allocate();
        _map = map;
        _tracker = new CoverageTracker(map.Size);
        _corpus = new Corpus(map.Size);
        _targets.Attach(map);
        _clock.Restart();
        var worker = new Thread(Loop, maxStackSize: 16 * 1024 * 1024) { IsBackground = true, Name = "fuzz " + _target.Name };
        worker.Start();
        WatchForHangs(worker);
        var report = new FuzzReport(Progress(), _findings.ToList(), _corpus.Inputs.ToList());
        if (worker.Join(TimeSpan.Zero))
        {
            _targets.Detach();
            map.Dispose();
        }

        // Otherwise a hung input still runs on the abandoned worker and writes into the map: freeing it would
        // crash the process, so its 64 KiB stay allocated for the process's lifetime.
        return report;
    }

    private void WatchForHangs(Thread worker)
    {
        TimeSpan poll = TimeSpan.FromMilliseconds(Math.Clamp(_options.InputTimeout.TotalMilliseconds / 4, 1, 100));
        long lastExecutions = -1;
        TimeSpan lastChange = TimeSpan.Zero;
        while (!worker.Join(poll))
        {
            long executions = Volatile.Read(ref _executions);
            if (executions != lastExecutions)
            {
                (lastExecutions, lastChange) = (executions, _clock.Elapsed);
            }
            else if (_clock.Elapsed - lastChange > _options.InputTimeout)
            {
                // .NET cannot abort the thread: leave it (it is a background thread) and end the run.
                _stop = true;
                byte[] input = _current.ToArray();
                string description = $"Hang: the input ran longer than {_options.InputTimeout.TotalMilliseconds:0} ms.";
                string signature = Convert.ToHexString(SHA256.HashData(input))[..12].ToLowerInvariant();
                string? path = _options.ArtifactsDirectory is { } folder ? CrashAnalysis.Save(folder, FindingKind.Hang, signature, input, description) : null;
                lock (_findings)
                {
                    _findings.Add(new Finding(FindingKind.Hang, signature, input, description, path));
                }

                return;
            }
        }
    }

    private void Loop()
    {
        var mutator = new Mutator(_random, _options.Dictionary, _options.MaxInputLength, _options.FrameMutations);
        WarmUp();
        foreach (byte[] seed in InitialInputs())
        {
            AddSeed(seed);
        }

        if (_corpus.Count == 0)
        {
            AddSeed([]);
        }

        TimeSpan nextProgress = _options.ProgressInterval;
        long maxExecutions = _options.MaxExecutions ?? long.MaxValue;
        TimeSpan duration = _options.Duration ?? TimeSpan.MaxValue;
        while (!_stop && _executions < maxExecutions)
        {
            // The splice partner is chosen like the parent (as libFuzzer's crossover does).
            byte[] parent = _corpus.Pick(_random, favour: _options.CoverageGuided);
            ArraySegment<byte> input = mutator.Mutate(parent, _corpus.Pick(_random, favour: _options.CoverageGuided));
            if (Execute(input) == Outcome.NewCoverage && _options.CoverageGuided)
            {
                Keep(input);
            }

            // Reading the clock costs as much as a small execution, so only every few executions.
            if ((_executions & ClockCheckMask) == 0)
            {
                TimeSpan now = _clock.Elapsed;
                if (now >= duration)
                {
                    break;
                }

                if (now >= nextProgress)
                {
                    nextProgress = now + _options.ProgressInterval;
                    _options.Progress?.Invoke(Progress());
                }
            }
        }
    }

    /// <summary>
    /// Runs the seeds once and forgets their coverage: static constructors and other first-time work then do
    /// not count as coverage of whichever input happens to run first, so a run is the same in any process.
    /// </summary>
    private void WarmUp()
    {
        foreach (byte[] seed in InitialInputs().Append([]))
        {
            Run(seed);
        }

        _map.Clear();
    }

    /// <summary>Runs one input and merges its coverage; a crash is handled here.</summary>
    private Outcome Execute(ArraySegment<byte> input)
    {
        Exception? failure = Run(input);
        if (failure is null)
        {
            return _tracker.MergeAndClear(_map) ? Outcome.NewCoverage : Outcome.Known;
        }

        _map.Clear();
        OnCrash(input.ToArray(), failure);
        return Outcome.Crashed;
    }

    private void AddSeed(byte[] seed) => _corpus.Add(seed, Execute(seed) == Outcome.Crashed ? [] : _tracker.LastRunEntries);

    private Exception? Run(ArraySegment<byte> input)
    {
        _current = input;
        _targets.ResetPrevious();
        try
        {
            _target.Run(input);
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
        finally
        {
            // Only this thread writes the counter; the watchdog and progress read it.
            Volatile.Write(ref _executions, _executions + 1);
        }
    }

    private void OnCrash(byte[] input, Exception exception)
    {
        string signature = CrashAnalysis.Signature(exception);
        if (!_signatures.Add(signature))
        {
            return;
        }

        byte[] minimal = CrashAnalysis.Minimize(input, candidate =>
        {
            Exception? again = Run(candidate);
            _map.Clear();
            return again is not null && CrashAnalysis.Signature(again) == signature;
        });
        string description = (Run(minimal) ?? exception).ToString();
        _map.Clear();
        string? path = _options.ArtifactsDirectory is { } folder ? CrashAnalysis.Save(folder, FindingKind.Crash, signature, minimal, description) : null;
        lock (_findings)
        {
            _findings.Add(new Finding(FindingKind.Crash, signature, minimal, description, path));
        }

        _stop |= _options.StopOnFirstFinding;
    }

    private void Keep(ArraySegment<byte> mutated)
    {
        byte[] input = mutated.ToArray();
        _corpus.Add(input, _tracker.LastRunEntries);
        if (_options.CorpusDirectory is { } folder)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, Convert.ToHexString(SHA256.HashData(input))[..40].ToLowerInvariant()), input);
        }
    }

    private IEnumerable<byte[]> InitialInputs()
    {
        IEnumerable<byte[]> files = _options.CorpusDirectory is { } folder && Directory.Exists(folder)
            ? Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)
            : [];
        return _options.Seeds.Concat(files).Select(seed => seed.Length <= _options.MaxInputLength ? seed : seed[.._options.MaxInputLength]);
    }

    private FuzzProgress Progress()
    {
        lock (_findings)
        {
            return new FuzzProgress(Volatile.Read(ref _executions), _clock.Elapsed, _tracker.Edges, _corpus.Count, _findings.Count);
        }
    }

    private enum Outcome
    {
        Known,
        NewCoverage,
        Crashed,
    }
}
