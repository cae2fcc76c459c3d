using FsCheck;
using FsCheck.Fluent;
using WsConformance.Cases.Model;
using WsConformance.PropertyFuzzing.Conversations;
using WsConformance.PropertyFuzzing.Generation;
using WsConformance.PropertyFuzzing.Model;
using WsConformance.Protocol;

namespace WsConformance.PropertyFuzzing.Tests;

/// <summary>The reference model on hand-made conversations and, as properties, on generated ones.</summary>
public sealed class ReferenceModelTests
{
    private const int Seed = 20_240_605;
    private const int Gamma = 97;

    [Fact]
    public void A_pong_may_overtake_an_earlier_echo_but_not_a_later_one()
    {
        var conversation = new Conversation([Text("a"), Ping("p"), Text("b")]);

        var alternatives = Expect(conversation).Alternatives.Select(Describe).ToList();

        Assert.Equal(["Ok[message1:61x1 pong:70 message1:62x1]", "Ok[pong:70 message1:61x1 message1:62x1]"], alternatives);
    }

    [Fact]
    public void A_fault_after_a_message_grades_echo_then_fail_OK_and_no_echo_NON_STRICT()
    {
        var conversation = new Conversation([Text("Hello"), Text("Hello") with { Rsv = 2 }, Ping("")]);

        var expectation = Expect(conversation);

        Assert.Equal(["Ok[message1:48656C6C6Fx1]", "NonStrict[]"], expectation.Alternatives.Select(Describe));
        Assert.Equal(Closer.Peer, expectation.Close.ClosedBy);
        Assert.Equal([CloseCodes.ProtocolError], expectation.Close.Codes);
        Assert.True(expectation.Close.WrongCloserFails);
    }

    [Fact]
    public void Invalid_utf8_is_OK_when_failed_fast_and_NON_STRICT_when_failed_at_the_end_of_the_message()
    {
        var conversation = new Conversation(
        [
            Frame(Opcodes.Text, false, [0xCE, 0xBA]),
            Frame(Opcodes.Continuation, false, [0xF4, 0x90]),
            new PauseAction(15, "B"),
            Ping("p"),
            Frame(Opcodes.Continuation, true, [0x41]),
        ]);

        var expectation = Expect(conversation);

        Assert.Equal(["Ok[]", "NonStrict[timeout:B]", "NonStrict[timeout:B pong:70]"], expectation.Alternatives.Select(Describe));
        Assert.Equal([CloseCodes.InvalidPayload], expectation.Close.Codes);
    }

    [Fact]
    public void A_client_close_after_a_fault_is_not_modelled_because_the_closes_cross()
    {
        var conversation = new Conversation([Frame(3, true, []), new CloseAction(CloseBody.Build(1000, []))]);

        Assert.NotNull(ReferenceModel.Expect(conversation).NotModelled);
    }

    [Fact]
    public void A_tiny_unmasked_frame_at_the_end_may_leave_the_server_waiting_for_its_key()
    {
        var tiny = Expect(new Conversation([Text("He") with { Masked = false }]));
        var followed = Expect(new Conversation([Text("He") with { Masked = false }, Ping("ping")]));

        Assert.True(tiny.Close.WrongCloserNonStrict);
        Assert.False(tiny.Close.WrongCloserFails);
        Assert.False(followed.Close.WrongCloserNonStrict);
        Assert.True(followed.Close.WrongCloserFails);
    }

    [Fact]
    public void Property_every_outcome_of_a_valid_conversation_echoes_every_message_in_order()
    {
        var valid = Arb.From(ConversationGenerator.WithFault(FaultKind.None), ConversationShrinker.Shrink);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200).WithReplay(Seed, Gamma), Prop.ForAll(valid, conversation =>
        {
            var outcome = ReferenceModel.Expect(conversation);
            var messages = MessagesOf(conversation);
            var closes = conversation.Actions.Any(a => a is CloseAction);
            return outcome.Expectation is { } expectation
                && expectation.Alternatives.Where(a => a.Verdict == Verdict.Ok)
                    .All(a => closes || a.Events.OfType<ExpectedMessage>().Select(m => Convert.ToHexString(m.Content!.ToBytes())).SequenceEqual(messages));
        }));
    }

    [Fact]
    public void Property_after_a_fault_nothing_caused_later_is_ever_expected()
    {
        var faulty = Arb.From(ConversationGenerator.Conversations(), ConversationShrinker.Shrink);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300).WithReplay(Seed, Gamma), Prop.ForAll(faulty, conversation =>
        {
            var outcome = ReferenceModel.Expect(conversation);
            if (outcome.Expectation is not { } expectation || outcome.Fault is not { } fault)
            {
                return true;
            }

            // Only pings sent before the end of the faulty message can be answered (by a fail-at-end server).
            var answerable = conversation.Actions.Take(fault.MessageEndIndex).OfType<FrameAction>().Count(f => f.Opcode == Opcodes.Ping);
            return expectation.Close.ClosedBy == Closer.Peer
                && expectation.Alternatives.All(a => a.Events.OfType<ExpectedPong>().Count() <= answerable)
                && expectation.Alternatives[0].Verdict == Verdict.Ok;
        }));
    }

    [Fact]
    public void Property_the_model_is_deterministic()
    {
        var any = Arb.From(ConversationGenerator.Conversations(), ConversationShrinker.Shrink);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200).WithReplay(Seed, Gamma), Prop.ForAll(any, conversation =>
        {
            var first = ReferenceModel.Expect(conversation);
            var second = ReferenceModel.Expect(conversation);
            return first.NotModelled == second.NotModelled
                && (first.Expectation is null || ExpectationComparison.Differences(first.Expectation, second.Expectation!).Count == 0);
        }));
    }

    private static Expectation Expect(Conversation conversation) =>
        ReferenceModel.Expect(conversation).Expectation ?? throw new InvalidOperationException("not modelled");

    private static string Describe(EventAlternative alternative) =>
        $"{alternative.Verdict}[{string.Join(" ", alternative.Events.Select(ExpectationComparison.Describe))}]";

    private static FrameAction Text(string text) => Frame(Opcodes.Text, true, System.Text.Encoding.UTF8.GetBytes(text));

    private static FrameAction Ping(string text) => Frame(Opcodes.Ping, true, System.Text.Encoding.UTF8.GetBytes(text));

    private static FrameAction Frame(byte opcode, bool fin, byte[] payload) => new(opcode, fin, 0, true, 0x01020304, payload, Chunking.Together);

    /// <summary>The payloads of the complete messages, in order (valid conversations only).</summary>
    private static List<string> MessagesOf(Conversation conversation)
    {
        var messages = new List<string>();
        var current = new List<byte>();
        foreach (var frame in conversation.Actions.OfType<FrameAction>().Where(f => !f.IsControl))
        {
            current.AddRange(frame.Payload);
            if (frame.Fin)
            {
                messages.Add(Convert.ToHexString([.. current]));
                current.Clear();
            }
        }

        return messages;
    }
}
