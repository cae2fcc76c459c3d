using YamlDotNet.RepresentationModel;
using WsConformance.Cases.Model;

namespace WsConformance.Cases.Loading;

/// <summary>
/// Expands <c>family: { template, variants, rows }</c> into one case per row. The template is not copied:
/// it is read once per row with the row installed in the <see cref="ReadContext"/>, which substitutes
/// <c>{name}</c> as scalars are read, so errors still point at the template's own lines.
/// </summary>
internal static class FamilyExpander
{
    public static List<CaseDefinition> Expand(ReadContext context, YamlNode node, InheritableFields defaults, string section)
    {
        var cases = new List<CaseDefinition>();
        var family = MappingReader.Open(context, node, "family", KnownKeys.Family);
        if (family is null)
        {
            return cases;
        }

        var template = family.Require("template") is { } templateNode ? Mapping(context, templateNode, "family template") : null;
        var variants = family.Get("variants") is { } variantsNode ? Variants.Read(context, variantsNode) : null;
        var rows = family.Require("rows") is { } rowsNode ? Scalars.List(context, rowsNode, "rows", row => Mapping(context, row, "family row")) : null;
        if (rows is { Count: 0 })
        {
            context.Error(family.Get("rows")!, "a family needs at least one row");
        }

        if (template is null || rows is null)
        {
            return cases;
        }

        foreach (var row in rows)
        {
            context.EnterRow(new FamilyRow(row.Start, Columns(context, row)));
            var fields = template.Children.ToList();
            if (variants is not null)
            {
                fields.AddRange(variants.FieldsFor(context, row, template));
            }

            var caseFields = new MappingReader(context, template.Start, "case", fields, KnownKeys.Case);
            if (CaseReader.Read(context, caseFields, defaults, section) is { } definition)
            {
                cases.Add(definition);
            }

            context.ExitRow();
        }

        return cases;
    }

    private static YamlMappingNode? Mapping(ReadContext context, YamlNode node, string what)
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        context.Error(node, $"expected a mapping for {what}, got a {ReadContext.Describe(node)}");
        return null;
    }

    private static Dictionary<string, YamlNode> Columns(ReadContext context, YamlMappingNode row)
    {
        var columns = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in row.Children)
        {
            if (key is YamlScalarNode { Value: { Length: > 0 } name })
            {
                columns[name] = value;
            }
            else
            {
                context.Error(key, "expected a column name");
            }
        }

        return columns;
    }

    /// <summary><c>variants: { by: column, value1: { fields… }, value2: { … } }</c>.</summary>
    private sealed class Variants(YamlNode byNode, string column, Dictionary<string, YamlMappingNode> fieldsByValue)
    {
        public static Variants? Read(ReadContext context, YamlNode node)
        {
            if (Mapping(context, node, "variants") is not { } mapping)
            {
                return null;
            }

            YamlNode? byNode = null;
            string? column = null;
            var fieldsByValue = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
            foreach (var (key, value) in mapping.Children)
            {
                var name = (key as YamlScalarNode)?.Value;
                if (name == KnownKeys.VariantsBy)
                {
                    (byNode, column) = (value, Scalars.NonEmpty(context, value, "a column name"));
                }
                else if (name is not null && Mapping(context, value, $"variant '{name}'") is { } fields)
                {
                    fieldsByValue[name] = fields;
                }
            }

            if (byNode is null)
            {
                context.Error(mapping.Start, $"missing required field '{KnownKeys.VariantsBy}' in variants (the column that picks the variant)");
            }

            return byNode is null || column is null ? null : new Variants(byNode, column, fieldsByValue);
        }

        /// <summary>The chosen variant's fields; a field the template sets too is an error, not an override.</summary>
        public IEnumerable<KeyValuePair<YamlNode, YamlNode>> FieldsFor(ReadContext context, YamlMappingNode row, YamlMappingNode template)
        {
            var value = row.Children.FirstOrDefault(c => (c.Key as YamlScalarNode)?.Value == column).Value;
            if (value is null)
            {
                context.Error(row, $"row has no column '{column}', which picks the variant (see line {byNode.Start.Line})");
                return [];
            }

            var choice = (value as YamlScalarNode)?.Value ?? string.Empty;
            if (!fieldsByValue.TryGetValue(choice, out var fields))
            {
                context.Error(value, Suggestions.Unknown("variant", choice, fieldsByValue.Keys));
                return [];
            }

            var templateKeys = template.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value).ToHashSet(StringComparer.Ordinal);
            var added = new List<KeyValuePair<YamlNode, YamlNode>>();
            foreach (var field in fields.Children)
            {
                if (field.Key is YamlScalarNode { Value: { } name } && templateKeys.Contains(name))
                {
                    context.Error(field.Key, $"field '{name}' is set by both the template and variant '{choice}'");
                }
                else
                {
                    added.Add(field);
                }
            }

            return added;
        }
    }
}
