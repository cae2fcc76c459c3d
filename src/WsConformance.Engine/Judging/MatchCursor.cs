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
    private readonly bool _pingsExpected = expected.Any(e => e is ExpectedPing);
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
            if (next is PingEvent && !_pingsExpected)
            {
                // RFC 6455 §5.5.2: "An endpoint MAY send a Ping frame any time after the connection is established".
                // A ping no case asked for is a keep-alive: answered, not compared. It fires only when a case outlasts
                // the peer's keep-alive interval, so comparing it (as Autobahn does) would let a slow or loaded run
                // fail a case that a quick one passes (websockets' 20 s ping during a 16 MiB echo on a busy machine).
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

    private static int Repetitions(ExpectedEvent expectation) => expectation switch
    {
        ExpectedMessage message => message.Count,
        ExpectedSlices slices => slices.Count,
        _ => 1,
    };
}
