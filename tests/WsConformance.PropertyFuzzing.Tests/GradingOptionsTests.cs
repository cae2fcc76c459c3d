using System.Text;
using WsConformance.Cases.Model;
using WsConformance.PropertyFuzzing.Conversations;
using WsConformance.PropertyFuzzing.Model;
using WsConformance.Protocol;

namespace WsConformance.PropertyFuzzing.Tests;

/// <summary>The model's grading where the catalog's sections grade differently (<see cref="ModelOptions"/>).</summary>
public sealed class GradingOptionsTests
{
    private static readonly CloseAction Close1000 = new(CloseBody.Build(CloseCodes.NormalClosure, []));

    public static TheoryData<CloseUnderTest, bool, bool> WrongCodeRule => new()
    {
        // rule, fatal after the harness's own Close, fatal after the client's Close
        { CloseUnderTest.None, false, false },
        { CloseUnderTest.ClientClose, false, true },
        { CloseUnderTest.EveryClose, true, true },
    };

    [Theory]
    [MemberData(nameof(WrongCodeRule))]
    public void A_wrong_close_code_is_fatal_only_for_the_close_under_test(CloseUnderTest rule, bool harnessClose, bool clientClose)
    {
        var options = ModelOptions.Strict with { CloseUnderTest = rule };

        var echo = Expect(new Conversation([Text("a")]), options);
        var closed = Expect(new Conversation([Text("a"), Close1000]), options);
        var malformed = Expect(new Conversation([new CloseAction([0x03])]), options);

        Assert.Equal(harnessClose, echo.Close.WrongCodeFails);
        Assert.Equal(clientClose, closed.Close.WrongCodeFails);
        Assert.Equal(clientClose, malformed.Close.WrongCodeFails);
    }

    [Fact]
    public void A_server_failing_after_a_fault_is_never_fatal_for_its_code()
    {
        var fault = new Conversation([Text("a") with { Rsv = 1 }]);

        Assert.False(Expect(fault, ModelOptions.AutobahnCloseHandling).Close.WrongCodeFails);
        Assert.False(Expect(fault, ModelOptions.Strict).Close.WrongCodeFails);
    }

    [Fact]
    public void Echo_then_close_and_close_at_once_are_both_OK_when_the_client_closes()
    {
        var expectation = Expect(new Conversation([Text("a"), Text("b"), Close1000]), ModelOptions.Strict);

        Assert.Equal("Ok[message1:61x1 message1:62x1]", Describe(expectation.Alternatives[0]));
        Assert.Equal(["Ok[]", "Ok[message1:61x1 message1:62x1]", "Ok[message1:61x1]"], expectation.Alternatives.Select(Describe).Order(StringComparer.Ordinal));
        Assert.Null(expectation.ForcedVerdict);
    }

    [Fact]
    public void Autobahn_leaves_a_close_that_meets_owed_echoes_informational_as_in_7_1_6()
    {
        var owed = Expect(new Conversation([Text("a"), Close1000]), ModelOptions.AutobahnCloseHandling);
        var nothingOwed = Expect(new Conversation([Pong("a"), Close1000]), ModelOptions.AutobahnCloseHandling);

        Assert.Equal(Verdict.Informational, owed.ForcedVerdict);
        Assert.Null(nothingOwed.ForcedVerdict);
    }

    [Fact]
    public void A_pong_for_a_ping_after_the_clients_close_is_NON_STRICT_or_not_expected_at_all()
    {
        var conversation = new Conversation([Close1000, Ping("p")]);

        Assert.Equal(["Ok[]", "NonStrict[pong:70]"], Expect(conversation, ModelOptions.AfterClose).Alternatives.Select(Describe));
        Assert.Equal(["Ok[]"], Expect(conversation, ModelOptions.Autobahn).Alternatives.Select(Describe));
    }

    [Fact]
    public void Section_9_compares_echoes_by_type_and_length()
    {
        var conversation = new Conversation([Text("abc"), Frame(Opcodes.Binary, [1, 2])]);

        Assert.Equal(["Ok[message1:length 3x1 message2:length 2x1]"], Expect(conversation, ModelOptions.AutobahnLimits).Alternatives.Select(Describe));
        Assert.Equal(["Ok[message1:616263x1 message2:0102x1]"], Expect(conversation, ModelOptions.Autobahn).Alternatives.Select(Describe));
    }

    [Fact]
    public void A_longer_length_form_than_needed_leaves_the_outcome_open()
    {
        var longer = Text("Hello") with { LengthEncoding = LengthEncoding.Extended16 };

        Assert.Equal("81fe0005", Convert.ToHexStringLower(ConversationFrames.Encode(longer))[..8]);
        Assert.Equal("text len16 5B", longer.Describe());
        Assert.Equal(Verdict.Informational, Expect(new Conversation([longer]), ModelOptions.Strict).ForcedVerdict);
        Assert.Null(Expect(new Conversation([Text("Hello")]), ModelOptions.Strict).ForcedVerdict);
    }

    [Fact]
    public void Catalog_sections_get_their_grading_and_compression_sections_none()
    {
        Assert.Same(ModelOptions.AutobahnCloseHandling, CatalogGrading.For("7").Options);
        Assert.Same(ModelOptions.AutobahnLimits, CatalogGrading.For("9").Options);
        Assert.Same(ModelOptions.AfterClose, CatalogGrading.For("after-close").Options);
        Assert.Same(ModelOptions.Autobahn, CatalogGrading.For("2").Options);
        Assert.Null(CatalogGrading.For("deflate").Options);
        Assert.NotNull(CatalogGrading.For("12").Reason);
    }

    private static Expectation Expect(Conversation conversation, ModelOptions options) =>
        ReferenceModel.Expect(conversation, options).Expectation ?? throw new InvalidOperationException("not modelled");

    private static string Describe(EventAlternative alternative) =>
        $"{alternative.Verdict}[{string.Join(" ", alternative.Events.Select(ExpectationComparison.Describe))}]";

    private static FrameAction Text(string text) => Frame(Opcodes.Text, Encoding.UTF8.GetBytes(text));

    private static FrameAction Ping(string text) => Frame(Opcodes.Ping, Encoding.UTF8.GetBytes(text));

    private static FrameAction Pong(string text) => Frame(Opcodes.Pong, Encoding.UTF8.GetBytes(text));

    private static FrameAction Frame(byte opcode, byte[] payload) => new(opcode, true, 0, true, 0x01020304, payload, Chunking.Together);
}
