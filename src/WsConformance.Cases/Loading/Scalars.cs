using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace WsConformance.Cases.Loading;

/// <summary>
/// Typed reads of scalars, by what the field expects (never by YAML's implicit typing). Each returns null
/// after reporting an error, so callers fall back to a default and reading goes on.
/// </summary>
internal static class Scalars
{
    private const string DurationHint = "expected a duration like 500ms or 1s";

    /// <summary>A string that must not be empty (ids, titles).</summary>
    public static string? NonEmpty(ReadContext context, YamlNode node, string what)
    {
        var text = context.Text(node, what);
        if (text is not null && string.IsNullOrWhiteSpace(text))
        {
            context.Error(node, $"expected {what}, got an empty string");
            return null;
        }

        return text;
    }

    public static long? Integer(ReadContext context, YamlNode node, long min, long max)
    {
        var text = context.Text(node, "an integer");
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return value;
        }

        context.Error(node, $"expected an integer from {min} to {max}, got '{text}'");
        return null;
    }

    public static int? Int(ReadContext context, YamlNode node, int min, int max = int.MaxValue) =>
        (int?)Integer(context, node, min, max);

    public static ulong? UnsignedLong(ReadContext context, YamlNode node)
    {
        var text = context.Text(node, "an integer");
        if (text is null)
        {
            return null;
        }

        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        context.Error(node, $"expected an integer from 0 to {ulong.MaxValue}, got '{text}'");
        return null;
    }

    public static bool? Bool(ReadContext context, YamlNode node)
    {
        var text = context.Text(node, "true or false");
        switch (text)
        {
            case null:
                return null;
            case "true":
                return true;
            case "false":
                return false;
            default:
                context.Error(node, $"expected true or false, got '{text}'");
                return null;
        }
    }

    /// <summary>One of a fixed set of names (verdicts, opcodes, close sides, …).</summary>
    public static T? Choice<T>(ReadContext context, YamlNode node, IReadOnlyDictionary<string, T> choices)
        where T : struct
    {
        var text = context.Text(node, $"one of: {string.Join(", ", choices.Keys)}");
        if (text is null)
        {
            return null;
        }

        if (choices.TryGetValue(text, out var value))
        {
            return value;
        }

        context.Error(node, $"{Suggestions.ExpectedOneOf(choices.Keys)}; got '{text}'");
        return null;
    }

    /// <summary><c>500ms</c>, <c>1s</c>, <c>1.5s</c>, <c>2m</c>.</summary>
    public static TimeSpan? Duration(ReadContext context, YamlNode node)
    {
        var text = context.Text(node, "a duration");
        if (text is null)
        {
            return null;
        }

        if (TryParseDuration(text, out var duration))
        {
            return duration;
        }

        context.Error(node, $"{DurationHint}, got '{text}'");
        return null;
    }

    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var (number, unitMilliseconds) =
            text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1.0)
            : text.EndsWith('s') ? (text[..^1], 1000.0)
            : text.EndsWith('m') ? (text[..^1], 60_000.0)
            : (string.Empty, 0.0);
        if (number.Length == 0 || !char.IsAsciiDigit(number[0]) || !char.IsAsciiDigit(number[^1])
            || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(value * unitMilliseconds);
        return true;
    }

    /// <summary>Hex digits with optional whitespace between them.</summary>
    public static byte[]? Hex(ReadContext context, YamlNode node)
    {
        var text = context.Text(node, "hex digits");
        if (text is null)
        {
            return null;
        }

        var digits = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        var bad = digits.FirstOrDefault(c => !char.IsAsciiHexDigit(c));
        if (bad != default)
        {
            context.Error(node, $"'{bad}' is not a hex digit");
            return null;
        }

        if (digits.Length % 2 != 0)
        {
            context.Error(node, $"hex must have an even number of digits, got {digits.Length}");
            return null;
        }

        return Convert.FromHexString(digits);
    }

    /// <summary>A list of items read by <paramref name="readItem"/>; null (reported) when the node is not a list.</summary>
    public static List<T>? List<T>(ReadContext context, YamlNode node, string what, Func<YamlNode, T?> readItem)
        where T : class => Sequence(context, node, what)?.Select(readItem).OfType<T>().ToList();

    /// <summary>A list of values read by <paramref name="readItem"/>; null (reported) when the node is not a list.</summary>
    public static List<T>? Values<T>(ReadContext context, YamlNode node, string what, Func<YamlNode, T?> readItem)
        where T : struct => Sequence(context, node, what)?.Select(readItem).OfType<T>().ToList();

    private static IEnumerable<YamlNode>? Sequence(ReadContext context, YamlNode node, string what)
    {
        var resolved = context.Resolve(node);
        if (resolved is YamlSequenceNode sequence)
        {
            // Materialised so every item is read (and reported) exactly once.
            return sequence.Children.ToList();
        }

        context.Error(resolved, $"expected a list of {what}, got a {ReadContext.Describe(resolved)}");
        return null;
    }
}
