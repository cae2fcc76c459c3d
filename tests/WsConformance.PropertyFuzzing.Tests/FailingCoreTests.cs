using WsConformance.PropertyFuzzing.Conversations;
using WsConformance.PropertyFuzzing.Findings;
using WsConformance.Protocol;

namespace WsConformance.PropertyFuzzing.Tests;

/// <summary>When a known minimal failing core explains another failure, and when it must not (a second bug).</summary>
public sealed class FailingCoreTests
{
    private const string NoPong = "no pong";

    [Fact]
    public void A_core_explains_a_larger_conversation_that_holds_its_actions_and_fails_the_same_way()
    {
        var core = Core([Frame(Opcodes.Ping, 0)], NoPong);

        Assert.True(core.Explains(Core([Frame(Opcodes.Text, 5), Frame(Opcodes.Ping, 3, maskKey: 0x1234), new CloseAction([3, 232])], NoPong)));
        Assert.True(core.Explains(core));
    }

    [Fact]
    public void A_core_does_not_explain_another_deviation_or_a_conversation_without_its_actions()
    {
        var core = Core([Frame(Opcodes.Ping, 0)], NoPong);

        Assert.False(core.Explains(Core([Frame(Opcodes.Ping, 0)], "wrong pong")));
        Assert.False(core.Explains(Core([Frame(Opcodes.Text, 5), Frame(Opcodes.Pong, 5)], NoPong)));
        Assert.False(core.Explains(Core([Frame(Opcodes.Ping, 0, fin: false)], NoPong)));
    }

    [Fact]
    public void Payload_lengths_are_lower_bounds_and_text_and_binary_one_kind()
    {
        var core = Core([Frame(Opcodes.Text, 101)], "wrong data message");

        Assert.True(core.Explains(Core([Frame(Opcodes.Binary, 150)], "wrong data message")));
        Assert.False(core.Explains(Core([Frame(Opcodes.Text, 100)], "wrong data message")));
    }

    [Fact]
    public void A_mishandled_fault_explains_only_conversations_that_make_that_fault()
    {
        var utf8 = Mishandled(ViolationCode.InvalidTextUtf8);

        Assert.True(utf8.Explains(Mishandled(ViolationCode.InvalidTextUtf8, ViolationCode.LengthMostSignificantBitSet)));
        Assert.False(utf8.Explains(Mishandled(ViolationCode.ReservedBitsSet)));
        Assert.False(Mishandled(ViolationCode.InvalidTextUtf8, ViolationCode.LengthMostSignificantBitSet).Explains(utf8));
        Assert.Equal("mishandles the client's InvalidTextUtf8", utf8.Title);
    }

    [Fact]
    public void Close_bodies_are_told_apart_by_what_is_wrong_with_them()
    {
        var invalidCode = Core([new CloseAction(CloseBody.Build(1004, []))], "close code 1000 instead of 1002");

        Assert.True(invalidCode.Explains(Core([new CloseAction(CloseBody.Build(2999, "bye"u8))], "close code 1000 instead of 1002")));
        Assert.False(invalidCode.Explains(Core([new CloseAction(CloseBody.Build(1000, []))], "close code 1000 instead of 1002")));
        Assert.Equal([ViolationCode.ControlFrameTooLong], CloseShape.FaultsOf(CloseBody.Build(1000, new byte[124])));
    }

    private static FailingCore Core(IReadOnlyList<ClientAction> actions, string deviation) =>
        new([.. actions.Select(ActionShape.Of).OfType<ActionShape>()], new HashSet<ViolationCode>(), deviation);

    private static FailingCore Mishandled(params ViolationCode[] faults) => new([], faults.ToHashSet(), FailingCore.MishandledFault);

    private static FrameAction Frame(byte opcode, int length, bool fin = true, uint maskKey = 0) =>
        new(opcode, fin, Rsv: 0, Masked: true, maskKey, new byte[length], Chunking.Together);
}
