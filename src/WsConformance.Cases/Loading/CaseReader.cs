using YamlDotNet.RepresentationModel;
using WsConformance.Cases.Model;

namespace WsConformance.Cases.Loading;

/// <summary>Reads one case (or the <c>defaults</c> block) into the model.</summary>
internal static class CaseReader
{
    private const string DefaultDocument = "RFC 6455";

    /// <summary>What a case checks when it only checks the opening handshake: a clean close started by the harness.</summary>
    private static readonly CloseExpectation HandshakeOnlyClose = new(Closer.Harness, [1000], RequireClean: true, WrongCodeFails: false, WrongCloserFails: false);

    public static InheritableFields ReadInheritable(ReadContext context, MappingReader m) => new(
        Rfc: m.Get("rfc") is { } rfc ? ReadRequirement(context, rfc) : null,
        Steps: m.Get("steps") is { } steps ? StepReader.ReadList(context, steps) : null,
        Bulk: m.Get("bulk") is { } bulk ? Scalars.Bool(context, bulk) : null,
        Expect: m.Get("expect") is { } expect ? ExpectationReader.ReadAlternatives(context, expect) : null,
        Close: m.Get("close") is { } close ? ExpectationReader.ReadClose(context, close) : null,
        Verdict: m.Get("verdict") is { } verdict ? ExpectationReader.ReadVerdict(context, verdict) : null,
        WorstVerdict: m.Get("worst_verdict") is { } worst ? Scalars.Choice(context, worst, Vocabulary.FallingShortVerdicts) : null,
        Handshake: m.Get("handshake") is { } handshake ? HandshakeReader.ReadOverrides(context, handshake) : null,
        ExpectHandshake: m.Get("expect_handshake") is { } answers ? HandshakeReader.ReadAlternatives(context, answers) : null,
        FailAfter: m.Get("fail_after") is { } failAfter ? ReadFailAfter(context, failAfter) : null,
        Compression: m.Get("compression") is { } compression ? CompressionReader.Read(context, compression) : null,
        Response: m.Get("response") is { } response ? HandshakeReader.ReadResponse(context, response) : null,
        BrowserLimit: m.Get("browser_limit") is { } limit ? ReadBrowserLimit(context, limit) : null,
        Http2: m.Get("http2") is { } http2 ? HandshakeReader.ReadHttp2(context, http2) : null);

    /// <summary>
    /// A case from its fields (a plain case, or a family row's template merged with its variant). Reports
    /// what is missing at <see cref="MappingReader.Mark"/>; returns null when the id or title is unusable.
    /// </summary>
    public static CaseDefinition? Read(ReadContext context, MappingReader m, InheritableFields defaults, string section)
    {
        var idNode = m.Require("id");
        var id = idNode is null ? null : Scalars.NonEmpty(context, idNode, "a case id");
        if (id is not null)
        {
            context.RegisterId(id, idNode!);
        }

        var title = m.Require("title") is { } titleNode ? Scalars.NonEmpty(context, titleNode, "a title") : null;
        var autobahn = m.Get("autobahn") is { } autobahnNode ? Scalars.NonEmpty(context, autobahnNode, "an Autobahn case id") : null;
        var fields = ReadInheritable(context, m).Over(defaults);
        var handshakeOnly = fields.ExpectHandshake is not null;
        RequireInherited(context, m, "rfc", defaults.Rfc is not null);
        if (!handshakeOnly)
        {
            RequireInherited(context, m, "expect", defaults.Expect is not null);
            RequireInherited(context, m, "close", defaults.Close is not null);
            RequireInherited(context, m, "steps", defaults.Steps is not null);
        }

        // A copy: inherited steps are shared by every case of the file.
        List<Step> steps = [.. fields.Steps ?? []];
        if (fields.FailAfter?.After is { } failAfter)
        {
            steps.Add(new FailAfterStep(failAfter));
        }

        if (id is null || title is null || fields.Rfc is null)
        {
            return null;
        }

        var expectation = new Expectation(
            fields.Expect ?? [],
            fields.Close ?? HandshakeOnlyClose,
            fields.Verdict,
            fields.ExpectHandshake,
            fields.WorstVerdict);
        return new CaseDefinition(
            id, autobahn, section, title, fields.Rfc, fields.Handshake ?? HandshakeOverrides.None, steps, expectation,
            fields.Bulk ?? false, context.File, fields.Compression?.Negotiation)
        {
            Response = fields.Response ?? ResponseOverrides.None,
            BrowserLimit = fields.BrowserLimit,
            Http2 = fields.Http2,
        };
    }

    /// <summary><c>browser_limit: { verdicts: [NON-STRICT], why: "…" }</c>: both required.</summary>
    private static BrowserLimit? ReadBrowserLimit(ReadContext context, YamlNode node)
    {
        var m = MappingReader.Open(context, node, "browser_limit", KnownKeys.BrowserLimit);
        if (m is null)
        {
            return null;
        }

        var verdicts = m.Require("verdicts") is { } verdictsNode
            ? Scalars.Values(context, verdictsNode, "verdicts", item => Scalars.Choice(context, item, Vocabulary.FallingShortVerdicts))
            : null;
        var why = m.Require("why") is { } whyNode ? Scalars.NonEmpty(context, whyNode, "what the page cannot see or do") : null;
        return verdicts is { Count: > 0 } && why is not null ? new BrowserLimit(verdicts, why) : null;
    }

    private static void RequireInherited(ReadContext context, MappingReader m, string key, bool inDefaults)
    {
        if (!inDefaults && !m.Has(key))
        {
            context.Error(m.Mark, $"missing required field '{key}' in {m.What} (set it on the case or in defaults)");
        }
    }

    private static Requirement? ReadRequirement(ReadContext context, YamlNode node)
    {
        var m = MappingReader.Open(context, node, "rfc", KnownKeys.Requirement);
        if (m is null)
        {
            return null;
        }

        var section = m.Require("section") is { } sectionNode ? Scalars.NonEmpty(context, sectionNode, "an RFC section number") : null;
        var level = m.Require("level") is { } levelNode ? Scalars.Choice(context, levelNode, Vocabulary.Levels) : null;
        var text = m.Require("text") is { } textNode ? Scalars.NonEmpty(context, textNode, "the RFC sentence") : null;
        var document = m.Get("document") is { } documentNode ? Scalars.NonEmpty(context, documentNode, "a document name like RFC 7692") : DefaultDocument;
        return section is null || level is null || text is null || document is null
            ? null
            : new Requirement(document, section, level.Value, text);
    }

    private static FailAfterSetting? ReadFailAfter(ReadContext context, YamlNode node)
    {
        var text = context.Text(node, "a duration or none");
        if (text is null)
        {
            return null;
        }

        if (text == Vocabulary.NoFailAfter)
        {
            return new FailAfterSetting(null);
        }

        if (Scalars.TryParseDuration(text, out var after))
        {
            return new FailAfterSetting(after);
        }

        context.Error(node, $"expected a duration like 500ms or 1s, or none; got '{text}'");
        return null;
    }
}
