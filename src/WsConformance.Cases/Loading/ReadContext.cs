using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace WsConformance.Cases.Loading;

/// <summary>
/// State shared while reading one case file: the errors found so far and, inside a family, the row whose
/// values replace <c>{name}</c> placeholders. Readers never throw on bad input; they report here and go on,
/// so one pass finds every error of the file.
/// </summary>
internal sealed partial class ReadContext(string file)
{
    private readonly List<CaseFileError> errors = [];
    private readonly HashSet<CaseFileError> seen = [];
    private readonly Dictionary<string, Mark> ids = new(StringComparer.Ordinal);
    private FamilyRow? row;

    public string File => file;

    public IReadOnlyList<CaseFileError> Errors => errors;

    /// <summary>Every case id of the file with where it is defined, in file order.</summary>
    public IReadOnlyDictionary<string, Mark> Ids => ids;

    public void Error(Mark mark, string message)
    {
        // A family template is read once per row: the same mistake must be reported once.
        var error = new CaseFileError(file, (int)Math.Max(mark.Line, 1), (int)Math.Max(mark.Column, 1), message);
        if (seen.Add(error))
        {
            errors.Add(error);
        }
    }

    /// <summary>Reports at <paramref name="node"/>; inside a family, names the row when the node's text came from it.</summary>
    public void Error(YamlNode node, string message)
    {
        var fromRow = row is not null && node is YamlScalarNode { Value: { } text } && Placeholder().IsMatch(text)
            && !row.Owns(node);
        Error(node.Start, fromRow ? $"{message} (family row at line {row!.Mark.Line})" : message);
    }

    /// <summary>Records a case id; a second case with the same id is an error.</summary>
    public void RegisterId(string id, YamlNode idNode)
    {
        if (!ids.TryAdd(id, idNode.Start))
        {
            Error(idNode, $"duplicate id '{id}' (first defined at line {ids[id].Line})");
        }
    }

    public void EnterRow(FamilyRow familyRow) => row = familyRow;

    public void ExitRow() => row = null;

    /// <summary>Inside a family, a scalar that is exactly <c>{name}</c> stands for the row's value node, with its type.</summary>
    public YamlNode Resolve(YamlNode node)
    {
        if (row is null || node is not YamlScalarNode { Value: { } text } || row.Owns(node))
        {
            return node;
        }

        var match = WholePlaceholder().Match(text);
        return match.Success && row.TryGet(match.Groups[1].Value, out var value) ? value : node;
    }

    /// <summary>
    /// The raw text of a scalar (never YAML 1.1's implicit float or bool: an id 1.10 stays "1.10"), with row
    /// values substituted inside a family; null with an error when the node is not a scalar.
    /// </summary>
    public string? Text(YamlNode node, string expected)
    {
        var resolved = Resolve(node);
        if (resolved is not YamlScalarNode scalar)
        {
            Error(resolved, $"expected {expected}, got a {Describe(resolved)}");
            return null;
        }

        var text = scalar.Value ?? string.Empty;
        return row is null || row.Owns(scalar) ? text : Substitute(scalar, text);
    }

    /// <summary>
    /// As <see cref="Text"/> for a field that wants text: an unquoted scalar that YAML types as a number, a boolean
    /// or null (<c>ping: 5</c>, <c>text: true</c>, <c>pong:</c>) is an error that says to quote it.
    /// </summary>
    public string? String(YamlNode node, string expected)
    {
        if (Resolve(node) is YamlScalarNode { Style: ScalarStyle.Plain } scalar
            && PlainScalarTypes.NonStringType(scalar.Value ?? string.Empty) is { } type)
        {
            var value = scalar.Value ?? string.Empty;
            Error(scalar, value.Length == 0
                ? $"expected {expected}, got nothing (null); write \"\" for empty text"
                : $"expected {expected}, got {type} {value}; quote it (\"{value}\") if that text is meant");
            return null;
        }

        return Text(node, expected);
    }

    private string Substitute(YamlScalarNode scalar, string text)
    {
        var result = new StringBuilder(text.Length);
        var last = 0;
        foreach (Match match in Placeholder().Matches(text))
        {
            result.Append(text, last, match.Index - last);
            last = match.Index + match.Length;
            var name = match.Groups[1].Value;
            if (!row!.TryGet(name, out var value))
            {
                Error(scalar, $"unknown column '{name}' in '{match.Value}'; the rows have: {string.Join(", ", row.Columns)}");
                continue;
            }

            if (value is YamlScalarNode { Value: var piece })
            {
                result.Append(piece);
            }
            else
            {
                Error(scalar, $"column '{name}' holds a {Describe(value)}; only a string that is exactly '{match.Value}' can take it");
            }
        }

        return result.Append(text, last, text.Length - last).ToString();
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "scalar",
    };

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^\{([A-Za-z_][A-Za-z0-9_]*)\}$")]
    private static partial Regex WholePlaceholder();
}
