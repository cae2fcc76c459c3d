using YamlDotNet.RepresentationModel;
using WsConformance.Cases.Model;

namespace WsConformance.Cases.Loading;

/// <summary>Reads <c>expect:</c> (verdict → event list) and <c>close:</c> (Autobahn's <c>behaviorClose</c>).</summary>
internal static class ExpectationReader
{
    // Any 16-bit value: section 7.13 expects a server to echo codes outside 1000-4999 (5000, 65535).
    private const int MaxCloseCode = ushort.MaxValue;

    /// <summary>
    /// <c>expect: { OK: [ …events… ], NON-STRICT: [] }</c>, in file order. A verdict whose list holds only lists
    /// (<c>OK: [ [ …events… ], [] ]</c>) accepts each of them.
    /// </summary>
    public static List<EventAlternative>? ReadAlternatives(ReadContext context, YamlNode node)
    {
        var resolved = context.Resolve(node);
        if (resolved is not YamlMappingNode mapping)
        {
            context.Error(resolved, $"expected a mapping of verdict to events for expect, got a {ReadContext.Describe(resolved)}");
            return null;
        }

        var alternatives = new List<EventAlternative>();
        foreach (var (verdictNode, eventsNode) in mapping.Children)
        {
            var verdict = Scalars.Choice(context, verdictNode, Vocabulary.Verdicts);
            var sequences = IsListOfLists(context.Resolve(eventsNode)) ? ((YamlSequenceNode)context.Resolve(eventsNode)).Children : [eventsNode];
            foreach (var sequence in sequences)
            {
                var events = Scalars.List(context, sequence, "events", e => ReadEvent(context, e));
                if (verdict is { } v && events is not null)
                {
                    alternatives.Add(new EventAlternative(v, events));
                }
            }
        }

        return alternatives;
    }

    private static bool IsListOfLists(YamlNode node) =>
        node is YamlSequenceNode { Children.Count: > 0 } sequence && sequence.Children.All(child => child is YamlSequenceNode);

    public static Verdict? ReadVerdict(ReadContext context, YamlNode node) => Scalars.Choice(context, node, Vocabulary.Verdicts);

    /// <summary>
    /// <c>close: { by, codes, clean, wrong_code_fails, wrong_closer_fails, nothing_after_close }</c>; <c>by</c> and <c>codes</c> are
    /// required, <c>clean</c> defaults to required.
    /// </summary>
    public static CloseExpectation? ReadClose(ReadContext context, YamlNode node)
    {
        var m = MappingReader.Open(context, node, "close", KnownKeys.Close);
        if (m is null)
        {
            return null;
        }

        var by = m.Require("by") is { } byNode ? Scalars.Choice(context, byNode, Vocabulary.Closers) : null;
        var codes = m.Require("codes") is { } codesNode
            ? Scalars.Values(context, codesNode, "close codes", c => Scalars.Int(context, c, 0, MaxCloseCode))
            : null;
        return by is null || codes is null
            ? null
            : new CloseExpectation(
                by.Value,
                codes,
                RequireClean: m.Get("clean") is not { } clean || (Scalars.Choice(context, clean, Vocabulary.Cleanliness) ?? true),
                WrongCodeFails: Flag(context, m, "wrong_code_fails"),
                WrongCloserFails: Flag(context, m, "wrong_closer_fails"),
                WrongCloserNonStrict: Flag(context, m, "wrong_closer_non_strict"),
                NothingAfterClose: Flag(context, m, "nothing_after_close"));
    }

    private static bool Flag(ReadContext context, MappingReader m, string key) =>
        m.Get(key) is { } node && (Scalars.Bool(context, node) ?? false);

    private static ExpectedEvent? ReadEvent(ReadContext context, YamlNode node)
    {
        var resolved = context.Resolve(node);
        if (resolved is not YamlMappingNode { Children.Count: 1 } mapping)
        {
            context.Error(resolved, $"expected an event: a mapping with one key, {Suggestions.ExpectedOneOf(KnownKeys.Events)}");
            return null;
        }

        var (keyNode, value) = mapping.Children.First();
        var kind = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
        return kind switch
        {
            "message" => MappingReader.Open(context, value, kind, KnownKeys.Message) is { } fields ? ReadMessage(context, fields) : null,
            "pong" => PayloadReader.Read(context, value, kind) is { } pong ? new ExpectedPong(pong) : null,
            "ping" => PayloadReader.Read(context, value, kind) is { } ping ? new ExpectedPing(ping) : null,
            "timeout" => Scalars.NonEmpty(context, value, "a pause tag") is { } tag ? new ExpectedTimeout(tag) : null,
            _ => Unknown(context, keyNode, kind),
        };
    }

    private static ExpectedEvent? Unknown(ReadContext context, YamlNode keyNode, string kind)
    {
        context.Error(keyNode, Suggestions.Unknown("event", kind, KnownKeys.Events));
        return null;
    }

    /// <summary>
    /// <c>{ text: … }</c> is a text message; <c>hex:</c>/<c>repeat:</c> need <c>type:</c>; without content,
    /// <c>type</c> and <c>length</c> compare only those (bulk cases). <c>count: N</c> repeats the event.
    /// </summary>
    private static ExpectedEvent? ReadMessage(ReadContext context, MappingReader m)
    {
        if (m.Get("slices") is { } slicesNode)
        {
            return ReadSlicesMessage(context, m, slicesNode);
        }

        var content = PayloadReader.ReadForm(context, m, required: false);
        var hasContent = KnownKeys.Payload.Any(m.Has);
        var count = m.Get("count") is { } countNode ? Scalars.Int(context, countNode, 1) : 1;
        byte? opcode = m.Get("type") is { } typeNode ? Scalars.Choice(context, typeNode, Vocabulary.MessageTypes)
            : m.Has("text") ? Vocabulary.TextOpcode
            : null;
        if (opcode is null && !m.Has("type"))
        {
            context.Error(m.Mark, hasContent ? "a hex or repeat message needs type: text or binary" : "missing required field 'type' in message");
        }

        if (hasContent)
        {
            if (m.KeyNode("length") is { } lengthKey)
            {
                context.Error(lengthKey, "length is only for messages given without content (the content fixes it)");
            }

            return content is null || opcode is null || count is null ? null : new ExpectedMessage(opcode.Value, content, content.Length, count.Value);
        }

        var length = m.Require("length") is { } lengthNode ? Scalars.Integer(context, lengthNode, 0, long.MaxValue) : null;
        return opcode is null || length is null || count is null ? null : new ExpectedMessage(opcode.Value, Content: null, length.Value, count.Value);
    }

    /// <summary><c>{ type, slices: { data, size }, count }</c>: the echoes of an <c>echo_rounds</c> step over a data set.</summary>
    private static ExpectedSlices? ReadSlicesMessage(ReadContext context, MappingReader m, YamlNode slicesNode)
    {
        foreach (var key in new[] { "text", "hex", "repeat", "deflated", "length" }.Where(m.Has))
        {
            context.Error(m.KeyNode(key)!, $"{key} cannot be combined with slices (each slice fixes its content)");
        }

        var slices = CompressionReader.ReadSlices(context, slicesNode);
        var opcode = m.Require("type") is { } typeNode ? Scalars.Choice(context, typeNode, Vocabulary.MessageTypes) : null;
        var count = m.Get("count") is { } countNode ? Scalars.Int(context, countNode, 1) : 1;
        return slices is null || opcode is null || count is null ? null : new ExpectedSlices(opcode.Value, slices, count.Value);
    }
}
