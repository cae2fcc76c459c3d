using WsConformance.Cases.Model;
using WsConformance.PropertyFuzzing.Conversations;

namespace WsConformance.PropertyFuzzing.Model;

/// <summary>What the model says about a conversation.</summary>
/// <param name="Expectation">Every acceptable server behaviour with its verdict, in the catalog's terms; null when <paramref name="NotModelled"/>.</param>
/// <param name="Fault">The client's first fault, or null.</param>
/// <param name="NotModelled">Why the model declines to judge this conversation (the fuzzer then skips it).</param>
public sealed record ModelOutcome(Expectation? Expectation, ClientFault? Fault, string? NotModelled);

/// <summary>
/// The reference model: for a conversation, every acceptable behaviour of a conformant server, graded as the
/// case catalog grades it. Messages are echoed in order and every ping answered with its payload; after a fault
/// the server fails the connection and sends nothing more. Where the RFC allows more than one behaviour:
/// <list type="bullet">
/// <item>echo everything completed before the fault, then fail: OK; fail before some of those echoes: NON-STRICT (Autobahn 3.2, 4.1.3, 5.15), OK where <see cref="ModelOptions.DroppedEchoesBeforeFaultOk"/> (after-close.4);</item>
/// <item>invalid UTF-8: fail as soon as the text is invalid: OK; only at the end of the message: NON-STRICT (6.4.x);</item>
/// <item>the client closes: echo what completed before its Close, then answer it, or answer it at once: both OK (after-close.3);
/// Autobahn leaves this open (7.1.6: INFORMATIONAL) where <see cref="ModelOptions.OpenWhenCloseMeetsEchoes"/>;</item>
/// <item>a pong for a ping sent after the client's Close: NON-STRICT (after-close.2) where <see cref="ModelOptions.PongAfterClientCloseNonStrict"/>.</item>
/// </list>
/// Pure: the same conversation always gives the same outcome.
/// </summary>
public static class ReferenceModel
{
    public static ModelOutcome Expect(Conversation conversation, ModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        options ??= ModelOptions.Strict;
        var timeline = ServerTimeline.Of(conversation);
        if (timeline.NotModelled is { } reason)
        {
            return new ModelOutcome(null, null, reason);
        }

        var outcomes = new OutcomeEnumerator(options.MaxOutcomes);
        var (close, forced) = timeline switch
        {
            { Fault: { } fault } => AfterFault(timeline, fault, outcomes, options),
            { ClientCloseIndex: { } closeIndex } => AfterClientClose(((CloseAction)conversation.Actions[closeIndex]).Body, closeIndex, timeline, outcomes, options),
            _ => WithoutClose(timeline, outcomes, options),
        };
        forced ??= ReadsALongerLengthForm(conversation, timeline) ? Verdict.Informational : null;

        return outcomes.WithinLimit
            ? new ModelOutcome(new Expectation(Compared(outcomes.Alternatives, options), close, forced, null), timeline.Fault, null)
            : new ModelOutcome(null, timeline.Fault, $"more than {options.MaxOutcomes} acceptable event sequences");
    }

    private static (CloseExpectation, Verdict?) AfterFault(ServerTimeline timeline, ClientFault fault, OutcomeEnumerator outcomes, ModelOptions options)
    {
        var before = Before(timeline, fault.FrameIndex);
        var tagsBefore = TagsBefore(timeline, fault.FrameIndex);
        outcomes.Add(Verdict.Ok, before, tagsBefore, [], prefixes: false);
        outcomes.Add(options.DroppedEchoesBeforeFaultOk ? Verdict.Ok : Verdict.NonStrict, before, tagsBefore, [], prefixes: true);
        var untilEnd = Before(timeline, fault.MessageEndIndex);
        var tagsUntilEnd = timeline.Tags.Where(t => t.Position > fault.FrameIndex && t.Position < fault.MessageEndIndex).ToList();
        outcomes.Add(Verdict.NonStrict, untilEnd, tagsBefore, tagsUntilEnd, prefixes: true);
        return (CloseRules.ServerFails(fault, options), null);
    }

    private static (CloseExpectation, Verdict?) AfterClientClose(byte[] body, int closeIndex, ServerTimeline timeline, OutcomeEnumerator outcomes, ModelOptions options)
    {
        // §5.5.1: the server "MAY delay sending a Close frame until its current message is sent", and "SHOULD do so as
        // soon as practical": once it has, the connection is no longer OPEN and nothing more is echoed (§6.1).
        var before = Before(timeline, closeIndex);
        var tags = TagsBefore(timeline, closeIndex);
        outcomes.Add(Verdict.Ok, before, tags, [], prefixes: false); // the in-order one first: case files write it
        outcomes.Add(Verdict.Ok, before, tags, [], prefixes: true);
        if (options.PongAfterClientCloseNonStrict)
        {
            outcomes.Add(Verdict.NonStrict, [.. before, .. timeline.PongsAfterClientClose ?? []], tags, [], prefixes: true);
        }

        var (close, forced) = CloseRules.ClientClose(body, options);
        return (close, forced ?? (options.OpenWhenCloseMeetsEchoes && before.Count > 0 ? Verdict.Informational : null));
    }

    private static (CloseExpectation, Verdict?) WithoutClose(ServerTimeline timeline, OutcomeEnumerator outcomes, ModelOptions options)
    {
        outcomes.Add(Verdict.Ok, timeline.Outputs, timeline.Tags, [], prefixes: false);
        return (CloseRules.Clean(options), null);
    }

    /// <summary>
    /// §5.2: "the minimal number of bytes MUST be used to encode the length" binds the sender; what a receiver does with a
    /// longer form the RFC does not say, Autobahn never checked, and servers differ (most accept it, some fail the
    /// connection). Once the server reads such a frame, what follows is open: INFORMATIONAL, as the catalog grades it
    /// (length.3–7).
    /// </summary>
    private static bool ReadsALongerLengthForm(Conversation conversation, ServerTimeline timeline)
    {
        var readUntil = timeline.Fault?.MessageEndIndex ?? timeline.ClientCloseIndex ?? conversation.Actions.Count;
        return conversation.Actions.Take(readUntil + 1).OfType<FrameAction>().Any(f => !f.LengthMostSignificantBit && !f.Header.IsMinimalLength);
    }

    /// <summary>The alternatives with each echo reduced to its type and length where only those are compared.</summary>
    private static IReadOnlyList<EventAlternative> Compared(IReadOnlyList<EventAlternative> alternatives, ModelOptions options) =>
        !options.EchoesByTypeAndLength ? alternatives : [.. alternatives.Select(a => a with
        {
            Events = [.. a.Events.Select(e => e is ExpectedMessage message ? message with { Content = null } : e)],
        })];

    private static List<ServerOutput> Before(ServerTimeline timeline, int index) => timeline.Outputs.Where(o => o.Cause < index).ToList();

    private static List<TagMark> TagsBefore(ServerTimeline timeline, int index) => timeline.Tags.Where(t => t.Position < index).ToList();
}
