using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using WsConformance.Cases.Model;

namespace WsConformance.Cases.Loading;

/// <summary>One case file read: the section (null when the file is unusable), its errors and where each id is defined.</summary>
internal sealed record LoadedFile(CaseSection? Section, IReadOnlyList<CaseFileError> Errors, IReadOnlyDictionary<string, Mark> Ids);

/// <summary>Reads a whole case file: <c>section</c>, <c>title</c>, <c>defaults</c>, <c>cases</c>.</summary>
internal static class SectionReader
{
    public static LoadedFile Read(string yaml, string file)
    {
        var context = new ReadContext(file);
        var root = Parse(context, yaml);
        var section = root is null ? null : ReadSection(context, root);
        var errors = context.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
        return new LoadedFile(errors.Count == 0 ? section : null, errors, context.Ids);
    }

    /// <summary>YAML syntax errors (tabs, bad indentation, duplicate keys) come from YamlDotNet as exceptions with a mark.</summary>
    private static YamlNode? Parse(ReadContext context, string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException exception)
        {
            var message = YamlMessage(exception);
            var mark = message.Contains("tab", StringComparison.Ordinal) ? TabIndentation(yaml, exception.Start) : null;
            context.Error(mark ?? exception.Start, message);
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            context.Error(Mark.Empty, "the file is empty; expected a mapping with section, title and cases");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            context.Error(stream.Documents[1].RootNode.Start, "a case file holds one YAML document");
        }

        return stream.Documents[0].RootNode;
    }

    /// <summary>
    /// YamlDotNet reports a tab in the indentation at the start of the scalar or mapping before it; the tab
    /// itself is what the author must fix, so point there.
    /// </summary>
    private static Mark? TabIndentation(string yaml, Mark reported)
    {
        var lines = yaml.Split('\n');
        for (var index = (int)Math.Max(reported.Line - 1, 0); index < lines.Length; index++)
        {
            var indentation = lines[index].Length - lines[index].TrimStart(' ', '\t').Length;
            var tab = lines[index].IndexOf('\t', 0, indentation);
            if (tab >= 0)
            {
                return new Mark(0, index + 1, tab + 1);
            }
        }

        return null;
    }

    /// <summary>YamlDotNet prefixes its message with the marks ("(Line: 1, Col: 1, Idx: 0) - (…): "); ours carry them already.</summary>
    private static string YamlMessage(YamlException exception)
    {
        var message = exception.InnerException is YamlException inner ? inner.Message : exception.Message;
        var separator = message.IndexOf("): ", StringComparison.Ordinal);
        return "YAML syntax: " + (message.StartsWith("(Line:", StringComparison.Ordinal) && separator >= 0 ? message[(separator + 3)..] : message);
    }

    private static CaseSection? ReadSection(ReadContext context, YamlNode root)
    {
        var file = MappingReader.Open(context, root, "case file", KnownKeys.File);
        if (file is null)
        {
            return null;
        }

        var sectionId = file.Require("section") is { } sectionNode ? Scalars.NonEmpty(context, sectionNode, "a section id") : null;
        var title = file.Require("title") is { } titleNode ? Scalars.NonEmpty(context, titleNode, "a title") : null;
        var testees = file.Get("tests") is { } testsNode ? ReadTestees(context, testsNode) : Testees.ServersAndClients;
        var transport = file.Get("transport") is { } transportNode ? Scalars.Choice(context, transportNode, Vocabulary.Transports) ?? CaseTransport.Any : CaseTransport.Any;
        var defaults = file.Get("defaults") is { } defaultsNode && MappingReader.Open(context, defaultsNode, "defaults", KnownKeys.Defaults) is { } d
            ? CaseReader.ReadInheritable(context, d)
            : InheritableFields.None;
        var cases = file.Require("cases") is { } casesNode
            ? Scalars.List(context, casesNode, "cases", item => ReadItem(context, item, defaults, sectionId ?? string.Empty))
            : null;
        if (testees.HasFlag(Testees.Clients) && cases?.SelectMany(c => c).FirstOrDefault(c => c.Http2 is not null) is { } http2Case)
        {
            // The harness is the HTTP/2 client in these cases; as a server (wsconf serve) it could not send their requests.
            context.Error(file.Mark, $"case {http2Case.Id} has http2: (the harness as the HTTP/2 client), so its file must say tests: servers");
        }

        return sectionId is null || title is null || cases is null
            ? null
            : new CaseSection(sectionId, title, context.File, [.. cases.SelectMany(c => c).Select(c => c with { Testees = testees, Transport = c.Http2 is null ? transport : CaseTransport.Http2 })]);
    }

    /// <summary><c>tests: servers</c>, <c>tests: clients</c> or <c>tests: [servers, clients]</c> (the default).</summary>
    private static Testees ReadTestees(ReadContext context, YamlNode node)
    {
        var chosen = node is YamlSequenceNode
            ? Scalars.Values(context, node, "tests", item => Scalars.Choice(context, item, Vocabulary.Testees))
            : Scalars.Choice(context, node, Vocabulary.Testees) is { } single ? [single] : null;
        return chosen is { Count: > 0 } ? chosen.Aggregate((a, b) => a | b) : Testees.ServersAndClients;
    }

    /// <summary>A list item is a case, or a family (a mapping whose only key is <c>family</c>).</summary>
    private static List<CaseDefinition> ReadItem(ReadContext context, YamlNode node, InheritableFields defaults, string section)
    {
        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, $"expected a case or a family (a mapping), got a {ReadContext.Describe(node)}");
            return [];
        }

        if (mapping.Children.Keys.Any(k => k is YamlScalarNode { Value: "family" }))
        {
            var item = new MappingReader(context, mapping.Start, "family item (family must be the only key)", mapping.Children, KnownKeys.FamilyItem);
            return FamilyExpander.Expand(context, item.Get("family")!, defaults, section);
        }

        var fields = new MappingReader(context, mapping.Start, "case", mapping.Children, KnownKeys.Case);
        return CaseReader.Read(context, fields, defaults, section) is { } definition ? [definition] : [];
    }
}
