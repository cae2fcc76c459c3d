using WsConformance.Cases.Model;
using WsConformance.Engine.Observation;

namespace WsConformance.Engine.Judging;

/// <summary>
/// Compares observed events with an expected sequence the way Autobahn does: in order, in full, every field
/// (type and payload bytes; for length-only expectations type and length).
/// </summary>
public static class EventMatcher
{
    /// <summary>Observed equals expected exactly.</summary>
    public static bool Matches(IReadOnlyList<ObservedEvent> observed, IReadOnlyList<ExpectedEvent> expected) =>
        Compare(observed, expected) == Comparison.Equal;

    private static Comparison Compare(IReadOnlyList<ObservedEvent> observed, IReadOnlyList<ExpectedEvent> expected) =>
        new MatchCursor(expected).Advance(observed);

    /// <param name="repetition">Which of the expectation's repetitions is compared (the slice index of <see cref="ExpectedSlices"/>).</param>
    public static bool EventEquals(ObservedEvent observed, ExpectedEvent expected, int repetition = 0) => (observed, expected) switch
    {
        (MessageEvent actual, ExpectedMessage wanted) => MessageEquals(actual, wanted),
        (MessageEvent actual, ExpectedSlices wanted) => SliceEquals(actual, wanted, repetition),
        (PongEvent actual, ExpectedPong wanted) => PayloadEquals(wanted.Payload, actual.Payload),
        (PingEvent actual, ExpectedPing wanted) => PayloadEquals(wanted.Payload, actual.Payload),
        (TimeoutEvent actual, ExpectedTimeout wanted) => actual.Tag == wanted.Tag,
        _ => false,
    };

    private static bool MessageEquals(MessageEvent actual, ExpectedMessage wanted)
    {
        if (actual.Opcode != wanted.Opcode)
        {
            return false;
        }

        if (wanted.Content is null)
        {
            return actual.Length == wanted.Length;
        }

        return actual.Length == wanted.Content.Length && (actual.Payload is null || PayloadEquals(wanted.Content, actual.Payload));
    }

    /// <summary>Autobahn 12.x/13.x: type, length, then content (by SHA-1 when the content was not kept).</summary>
    private static bool SliceEquals(MessageEvent actual, ExpectedSlices wanted, int index)
    {
        if (actual.Opcode != wanted.Opcode)
        {
            return false;
        }

        if (actual.Payload is { } payload)
        {
            return payload.AsSpan().SequenceEqual(wanted.Slices.Slice(index).Span);
        }

        return actual.Sha1 is { } digest && digest.AsSpan().SequenceEqual(wanted.Slices.Sha1(index));
    }

    /// <summary>Compares without materialising repeated patterns (a 16 MiB expectation costs no allocation).</summary>
    public static bool PayloadEquals(PayloadSpec expected, ReadOnlySpan<byte> actual)
    {
        switch (expected)
        {
            case BytesPayload bytes:
                return actual.SequenceEqual(bytes.Bytes);
            case RepeatedPayload repeated:
                if (actual.Length != repeated.TotalLength)
                {
                    return false;
                }

                var pattern = repeated.Pattern.AsSpan();
                for (var offset = 0; offset < actual.Length; offset += pattern.Length)
                {
                    var count = Math.Min(pattern.Length, actual.Length - offset);
                    if (!actual.Slice(offset, count).SequenceEqual(pattern[..count]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return actual.SequenceEqual(expected.ToBytes());
        }
    }
}
