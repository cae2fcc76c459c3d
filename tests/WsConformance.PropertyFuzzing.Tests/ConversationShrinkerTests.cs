using FsCheck;
using FsCheck.Fluent;
using WsConformance.PropertyFuzzing.Conversations;
using WsConformance.PropertyFuzzing.Generation;

namespace WsConformance.PropertyFuzzing.Tests;

public sealed class ConversationShrinkerTests
{
    [Fact]
    public void Property_every_candidate_is_smaller()
    {
        var conversations = Arb.From(ConversationGenerator.Conversations());
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(100).WithReplay(77, 13), Prop.ForAll(conversations, conversation =>
            ConversationShrinker.Shrink(conversation).All(candidate =>
                candidate.FrameCount < conversation.FrameCount
                || candidate.PayloadBytes < conversation.PayloadBytes
                || candidate.Actions.Count < conversation.Actions.Count
                || (candidate.FrameCount == conversation.FrameCount && candidate.PayloadBytes == conversation.PayloadBytes))));
    }

    [Fact]
    public void Shortening_a_text_payload_never_splits_a_character()
    {
        var text = System.Text.Encoding.UTF8.GetBytes("κόσμε€😀");
        var conversation = new Conversation([new FrameAction(1, true, 0, true, 0, text, Chunking.Together)]);

        var payloads = ConversationShrinker.Shrink(conversation)
            .Select(c => c.Actions.OfType<FrameAction>().SingleOrDefault()?.Payload)
            .OfType<byte[]>()
            .Where(p => p.Length < text.Length)
            .ToList();

        Assert.NotEmpty(payloads);
        Assert.All(payloads, p => Assert.True(System.Text.Unicode.Utf8.IsValid(p), Convert.ToHexString(p)));
    }

    [Fact]
    public void A_tagged_pause_is_dropped_but_never_shortened()
    {
        var frame = new FrameAction(1, false, 0, true, 0, [0xC0], Chunking.Together);
        var conversation = new Conversation([frame, new PauseAction(15, "B"), new PauseAction(9)]);

        var pauses = ConversationShrinker.Shrink(conversation).Select(c => c.Actions.OfType<PauseAction>().ToList()).ToList();

        Assert.Contains(pauses, p => p.Count == 2 && p[1].Milliseconds == 1);
        Assert.Contains(pauses, p => p.Count == 1 && p[0].Milliseconds == 9);
        Assert.All(pauses.SelectMany(p => p).Where(p => p.Tag is not null), p => Assert.Equal(15, p.Milliseconds));
    }

    [Fact]
    public void Generation_is_reproducible_from_seed_and_run()
    {
        var first = new Running.RunGenerator(9, 10);
        var second = new Running.RunGenerator(9, 10);

        Assert.Equal(first.For(17).Summary, second.For(17).Summary);
        Assert.NotEqual(first.For(17).Summary, first.For(18).Summary);
    }
}
