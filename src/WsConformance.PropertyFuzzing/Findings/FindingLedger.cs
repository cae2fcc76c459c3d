using WsConformance.Engine.Running;
using WsConformance.PropertyFuzzing.Running;

namespace WsConformance.PropertyFuzzing.Findings;

/// <summary>A failure shrunk to its minimal conversation, with the confirmed result of that conversation.</summary>
public sealed record ShrunkFailure(ConfirmedFailure Failure, PreparedConversation Minimal, CaseResult MinimalResult, int Steps, int Runs)
{
    public FailingCore Core { get; } = FailingCore.Of(Minimal, MinimalResult);
}

/// <summary>
/// The distinct findings of a run, safe to use from parallel shrinks. A failure is attributed to the finding whose
/// minimal failing core explains it; a new minimal conversation that explains known findings absorbs them, so the
/// ledger never holds two findings of which one explains the other.
/// </summary>
public sealed class FindingLedger
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];

    /// <summary>Counts <paramref name="failure"/> for the known finding that explains <paramref name="core"/> (its own, or a shrunk variant's); false when none does.</summary>
    public bool TryAttribute(ConfirmedFailure failure, FailingCore core)
    {
        ArgumentNullException.ThrowIfNull(failure);
        lock (_gate)
        {
            if (Explaining(core) is not { } entry)
            {
                return false;
            }

            entry.Count(failure);
            return true;
        }
    }

    /// <summary>Adds a shrunk failure: to the finding that explains it, or as a new finding absorbing those it explains.</summary>
    public void Add(ShrunkFailure shrunk)
    {
        ArgumentNullException.ThrowIfNull(shrunk);
        lock (_gate)
        {
            if (Explaining(shrunk.Core) is { } known)
            {
                known.Count(shrunk.Failure);
                return;
            }

            var added = new Entry(shrunk);
            foreach (var absorbed in _entries.Where(e => shrunk.Core.Explains(e.Shrunk.Core)).ToList())
            {
                added.Absorb(absorbed);
                _entries.Remove(absorbed);
            }

            _entries.Add(added);
        }
    }

    /// <summary>The findings, in the order of the runs they were shrunk from.</summary>
    public IReadOnlyList<Finding> Findings()
    {
        lock (_gate)
        {
            return [.. _entries.OrderBy(e => e.Shrunk.Failure.Run).Select(e => e.ToFinding())];
        }
    }

    /// <summary>The finding with the smallest core among those explaining <paramref name="core"/>.</summary>
    private Entry? Explaining(FailingCore core) =>
        _entries.Where(e => e.Shrunk.Core.Explains(core)).OrderBy(e => e.Shrunk.Core.Actions.Count).ThenBy(e => e.Shrunk.Failure.Run).FirstOrDefault();

    private sealed class Entry(ShrunkFailure shrunk)
    {
        private readonly Dictionary<string, int> _categories = new(StringComparer.Ordinal) { [shrunk.Failure.Category] = 1 };
        private int _occurrences = 1;

        public ShrunkFailure Shrunk { get; } = shrunk;

        public void Count(ConfirmedFailure failure)
        {
            _occurrences++;
            _categories[failure.Category] = _categories.GetValueOrDefault(failure.Category) + 1;
        }

        public void Absorb(Entry other)
        {
            _occurrences += other._occurrences;
            foreach (var (category, count) in other._categories)
            {
                _categories[category] = _categories.GetValueOrDefault(category) + count;
            }
        }

        public Finding ToFinding() => new(Shrunk.Failure.Run, Shrunk.Core.Title, new Dictionary<string, int>(_categories, StringComparer.Ordinal),
            _occurrences, Shrunk.Failure.Prepared.Conversation, Shrunk.Minimal.Conversation, Shrunk.MinimalResult, Shrunk.Steps, Shrunk.Runs);
    }
}
