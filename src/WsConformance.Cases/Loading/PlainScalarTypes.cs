using System.Text.RegularExpressions;

namespace WsConformance.Cases.Loading;

/// <summary>
/// What YAML 1.2's core schema makes of an unquoted scalar. The loader reads scalars by what each field expects,
/// so an id 1.10 stays "1.10"; but where a field wants text, an unquoted number, boolean or null is far more
/// likely a mistake (<c>ping: 5</c>) than the text it spells, and is reported like any other wrong type.
/// </summary>
internal static partial class PlainScalarTypes
{
    /// <summary>"a number", "a boolean", "null", or null when the plain scalar is a string.</summary>
    public static string? NonStringType(string text) =>
        Null().IsMatch(text) ? "null"
        : Boolean().IsMatch(text) ? "a boolean"
        : Number().IsMatch(text) ? "a number"
        : null;

    [GeneratedRegex("^(|~|null|Null|NULL)$")]
    private static partial Regex Null();

    [GeneratedRegex("^(true|True|TRUE|false|False|FALSE)$")]
    private static partial Regex Boolean();

    [GeneratedRegex(@"^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex Number();
}
