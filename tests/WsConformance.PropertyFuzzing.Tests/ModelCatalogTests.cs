using System.Text;
using System.Text.RegularExpressions;
using WsConformance.Cases;
using WsConformance.Cases.Model;
using WsConformance.PropertyFuzzing.Conversations;
using WsConformance.PropertyFuzzing.Model;
using WsConformance.Protocol;
using Xunit.Abstractions;

namespace WsConformance.PropertyFuzzing.Tests;

/// <summary>
/// The reference model and the case catalog must agree: the model runs on the catalog's own conversations, graded
/// as each section grades (<see cref="CatalogGrading"/>), and its expectation is compared with the case's. There is
/// no list of tolerated differences: every case is either compared and equal, or in a family the model cannot
/// express, listed below with why.
/// </summary>
public sealed class ModelCatalogTests(ITestOutputHelper output)
{
    /// <summary>Case families (ids, anchored) the model cannot express, and why.</summary>
    private static readonly (string Ids, string Why)[] NotExpressible =
    [
        (@"handshake\.([2-9]|1[0-9]|20)", "opening-handshake cases: a conversation starts after a correct handshake"),
        (@"1[23]\.\d+\.\d+|deflate\..+", "permessage-deflate (RFC 7692): the model negotiates no extension"),
        (@"9\.[78]\.\d", "echo rounds: each message is sent only after the previous echo; a conversation never waits for the server"),
        (@"6\.4\.[34]", "one frame written in timed pieces: a conversation's frames are whole"),
        (@"length\.1", "a frame whose payload never comes (a header announcing 2^63 + 5 bytes, then nothing)"),
        (@"length\.8", "an untrue length (256 bytes announced, 5 sent): a frame that never ends"),
        (@"h2\.\d+", "WebSockets over HTTP/2 (RFC 8441): requests, streams and SETTINGS, not frames of a conversation"),
    ];

    /// <summary>The model describes a server, so it is compared with the cases that test servers.</summary>
    private static readonly Lazy<IReadOnlyList<CaseDefinition>> Catalog = new(() =>
        [.. CatalogLoader.LoadDirectory(CatalogLoader.DefaultDirectory).Cases.Where(c => c.Testees.HasFlag(Testees.Servers))]);

    [Fact]
    public void Model_agrees_with_the_catalog_on_every_case_it_can_express()
    {
        var compared = new List<string>();
        var disagreements = new List<string>();
        var notExpressed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var definition in Catalog.Value)
        {
            var (options, notGraded) = CatalogGrading.For(definition.Section);
            var (conversation, reason) = options is null ? (null, notGraded) : CatalogConversations.From(definition);
            if (conversation is null)
            {
                notExpressed[definition.Id] = reason!;
                continue;
            }

            var outcome = ReferenceModel.Expect(conversation, options);
            Assert.True(outcome.Expectation is not null, $"{definition.Id}: the model declined: {outcome.NotModelled}");
            compared.Add(definition.Id);
            var differences = ExpectationComparison.Differences(definition.Expectation, outcome.Expectation!);
            if (differences.Count > 0)
            {
                disagreements.Add($"{definition.Id}: {string.Join("; ", differences)}");
            }
        }

        output.WriteLine($"compared {compared.Count} catalog cases; not expressible: {notExpressed.Count}");
        foreach (var group in notExpressed.GroupBy(e => e.Value))
        {
            output.WriteLine($"  {group.Key}: {string.Join(", ", group.Select(e => e.Key))}");
        }

        Assert.Empty(disagreements);
        Assert.Equal([], notExpressed.Keys.Where(id => Family(id) is null));
        Assert.Equal([], compared.Where(id => Family(id) is not null));
        Assert.True(compared.Count >= 305, $"only {compared.Count} cases compared");
    }

    [Fact]
    public void Every_family_the_model_cannot_express_names_catalog_cases()
    {
        foreach (var (ids, why) in NotExpressible)
        {
            Assert.True(Catalog.Value.Any(c => Regex.IsMatch(c.Id, $"^(?:{ids})$")), $"no catalog case matches {ids} ({why})");
        }
    }

    [Theory]
    [InlineData("7.1.1", "1.1.1")]      // a text message, then the harness's Close after the echo
    [InlineData("7.3.3", "2.7")]        // the client's Close 1000 (after a pong in 2.7)
    [InlineData("7.1.3", "after-close.2")] // the client's Close 1000, then a ping
    public void A_wrong_close_code_is_fatal_where_the_close_is_under_test_not_by_the_conversation(string closeHandling, string other)
    {
        var fatal = Catalog.Value.Single(c => c.Id == closeHandling);
        var reported = Catalog.Value.Single(c => c.Id == other);

        Assert.True(fatal.Expectation.Close.WrongCodeFails);
        Assert.False(reported.Expectation.Close.WrongCodeFails);
        Assert.True(Expect(fatal).Close.WrongCodeFails);
        Assert.False(Expect(reported).Close.WrongCodeFails);
    }

    [Fact]
    public void Hand_written_bytes_become_frames_when_they_are_whole_frames()
    {
        var afterClose = From("after-close.1").Conversation!.Actions.OfType<FrameAction>().ToList();
        var topBit = From("length.2").Conversation!.Actions.OfType<FrameAction>().Single();

        Assert.Equal([(Opcodes.Text, 4), (Opcodes.Text, 0), (Opcodes.Ping, 0)], afterClose.Select(f => (f.Opcode, (int)f.Rsv)));
        Assert.Equal("Hello, world!", Encoding.UTF8.GetString(afterClose[1].Payload));
        Assert.Equal(0x37FA213Du, afterClose[0].MaskKey);
        Assert.True(topBit.LengthMostSignificantBit);
        Assert.Equal("Hello", Encoding.UTF8.GetString(topBit.Payload));
        Assert.Equal("82ff8000000000000005", Convert.ToHexStringLower(ConversationFrames.Encode(topBit))[..20]);
        Assert.Contains("payload never comes", From("length.1").Reason);
    }

    private static (Conversation? Conversation, string? Reason) From(string id) => CatalogConversations.From(Catalog.Value.Single(c => c.Id == id));

    private static Expectation Expect(CaseDefinition definition) =>
        ReferenceModel.Expect(CatalogConversations.From(definition).Conversation!, CatalogGrading.For(definition.Section).Options).Expectation!;

    private static string? Family(string id) => NotExpressible.FirstOrDefault(f => Regex.IsMatch(id, $"^(?:{f.Ids})$")).Why;
}
