using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace WsConformance.Cases.Loading;

/// <summary>
/// A mapping whose keys come from a fixed list: unknown keys are reported (with a suggestion) when it is
/// opened, so readers only ask for the fields they know.
/// </summary>
internal sealed class MappingReader
{
    private readonly ReadContext context;
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> fields = new(StringComparer.Ordinal);

    public MappingReader(
        ReadContext context, Mark mark, string what, IEnumerable<KeyValuePair<YamlNode, YamlNode>> pairs, IReadOnlyList<string> known)
    {
        this.context = context;
        Mark = mark;
        What = what;
        foreach (var (keyNode, value) in pairs)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                context.Error(keyNode, $"expected a field name in {what}, got a {ReadContext.Describe(keyNode)}");
            }
            else if (!known.Contains(key))
            {
                context.Error(keyNode, Suggestions.Unknown("key", key, known, what));
            }
            else
            {
                fields[key] = (keyNode, value);
            }
        }
    }

    /// <summary>Where the mapping starts: missing fields are reported here.</summary>
    public Mark Mark { get; }

    /// <summary>What the mapping is, for messages ("send_frame", "case", …).</summary>
    public string What { get; }

    /// <summary>Opens <paramref name="node"/> as a mapping, or reports that one was expected and returns null.</summary>
    public static MappingReader? Open(ReadContext context, YamlNode node, string what, IReadOnlyList<string> known)
    {
        var resolved = context.Resolve(node);
        if (resolved is YamlMappingNode mapping)
        {
            return new MappingReader(context, mapping.Start, what, mapping.Children, known);
        }

        context.Error(resolved, $"expected a mapping for {what}, got a {ReadContext.Describe(resolved)}");
        return null;
    }

    public bool Has(string key) => fields.ContainsKey(key);

    public YamlNode? Get(string key) => fields.TryGetValue(key, out var field) ? field.Value : null;

    public YamlNode? KeyNode(string key) => fields.TryGetValue(key, out var field) ? field.Key : null;

    /// <summary>The value of a required field, or null with "missing required field" reported.</summary>
    public YamlNode? Require(string key)
    {
        var value = Get(key);
        if (value is null)
        {
            context.Error(Mark, $"missing required field '{key}' in {What}");
        }

        return value;
    }
}
