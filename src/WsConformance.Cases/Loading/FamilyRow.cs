using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace WsConformance.Cases.Loading;

/// <summary>One row of a family table: column name to value node.</summary>
internal sealed class FamilyRow(Mark mark, IReadOnlyDictionary<string, YamlNode> values)
{
    // Row values are taken as written: text inside them is never substituted again.
    private readonly HashSet<YamlNode> ownNodes = new(values.Values.SelectMany(v => v.AllNodes), ReferenceEqualityComparer.Instance);

    public Mark Mark => mark;

    public IEnumerable<string> Columns => values.Keys;

    public bool TryGet(string column, out YamlNode value) => values.TryGetValue(column, out value!);

    public bool Owns(YamlNode node) => ownNodes.Contains(node);
}
