using WsConformance.Cases.Model;
using WsConformance.Engine.Observation;

namespace WsConformance.Engine.Judging;

/// <summary>Where an observed sequence stands against an expected one.</summary>
internal enum Comparison
{
    Equal,
    ProperPrefix,
    Different,
}

/// <summary>
/// Compares a growing list of observed events with one expected sequence, resuming where the last call
/// stopped: the events of a running case only ever grow, so checking the 1000th echo of a 12.x case costs one
/// comparison, not a thousand.
/// </summary>
internal sealed class MatchCursor(IReadOnlyList<ExpectedEvent> expected)
{
    private int _expectation;
    private int _repetition;
    private int _observed;
    private int _matched;
    private bool _different;

    /// <summary>How many expected events the sequence holds, repetitions counted.</summary>
    public int Expected { get; } = expected.Sum(Repetitions);

    /// <summary>How many expected events the observed ones have matched so far.</summary>
    public int Matched => _matched;

    /// <summary>Compares the events not seen before; <paramref name="observed"/> must extend the list of earlier calls.</summary>
    public Comparison Advance(IReadOnlyList<ObservedEvent> observed)
    {
        while (!_different && _observed < observed.Count)
        {
            SkipCompletedExpectations();
            var next = observed[_observed];
            if (next is PingEvent && AmongRepeatedEchoes())
            {
                // Autobahn judges 9.7/9.8 and 12.x/13.x by the echoes alone: a keep-alive ping between them is answered,
                // not compared (a loaded server can take long enough for its keep-alive timer to fire mid-case).
                _observed++;
                continue;
            }

            if (_expectation == expected.Count || !EventMatcher.EventEquals(next, expected[_expectation], _repetition))
            {
                _different = true;
                break;
            }

            _observed++;
            _repetition++;
            _matched++;
        }

        SkipCompletedExpectations();
        return _different ? Comparison.Different : _expectation == expected.Count ? Comparison.Equal : Comparison.ProperPrefix;
    }

    private void SkipCompletedExpectations()
    {
        while (_expectation < expected.Count && _repetition >= Repetitions(expected[_expectation]))
        {
            _expectation++;
            _repetition = 0;
        }
    }

    private bool AmongRepeatedEchoes() =>
        (_expectation < expected.Count && IsRepeatedEcho(expected[_expectation]))
        || (_expectation > 0 && IsRepeatedEcho(expected[_expectation - 1]));

    private static bool IsRepeatedEcho(ExpectedEvent expectation) => expectation is ExpectedSlices or ExpectedMessage { Count: > 1 };

    private static int Repetitions(ExpectedEvent expectation) => expectation switch
    {
        ExpectedMessage message => message.Count,
        ExpectedSlices slices => slices.Count,
        _ => 1,
    };
}
