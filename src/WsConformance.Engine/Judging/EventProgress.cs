using WsConformance.Cases.Model;
using WsConformance.Engine.Observation;

namespace WsConformance.Engine.Judging;

/// <summary>
/// How far a case's observed events have come along an expected sequence they are still a proper prefix of: the
/// peer has done nothing wrong yet, only not everything. (0, 0) when no expected sequence is still pending.
/// </summary>
/// <param name="Matched">Expected events seen so far, in order and as expected.</param>
/// <param name="Expected">Events that sequence holds in all (repetitions counted).</param>
public readonly record struct EventProgress(int Matched, int Expected)
{
    public bool IsPending => Expected > Matched;

    /// <summary>The pending sequence nearest to completion, so a peer is measured against the least it still owes.</summary>
    internal static EventProgress Of(IEnumerable<MatchCursor> cursors, IReadOnlyList<ObservedEvent> events)
    {
        var nearest = default(EventProgress);
        foreach (var cursor in cursors)
        {
            if (cursor.Advance(events) != Comparison.ProperPrefix)
            {
                continue;
            }

            var progress = new EventProgress(cursor.Matched, cursor.Expected);
            if (!nearest.IsPending || progress.Expected - progress.Matched < nearest.Expected - nearest.Matched)
            {
                nearest = progress;
            }
        }

        return nearest;
    }

    /// <summary>The progress of a finished case's events, for the judge.</summary>
    public static EventProgress Of(Expectation expectation, IReadOnlyList<ObservedEvent> events) =>
        Of(expectation.Alternatives.Select(a => new MatchCursor(a.Events)), events);
}
