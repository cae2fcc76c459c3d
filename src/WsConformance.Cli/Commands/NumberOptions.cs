using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using WsConformance.Engine.Judging;

namespace WsConformance.Cli.Commands;

/// <summary>
/// Range-checked number options. The check lives in the option's parser, not in a validator: System.CommandLine
/// runs validators even when the value did not convert, and reading the value there throws (a stack trace and
/// exit 134 for <c>-j abc</c>). A bad value is one line naming the option and what it accepts, and exit 2.
/// </summary>
internal static class NumberOptions
{
    /// <summary>Accepts whole numbers from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    public static Option<T> Within<T>(this Option<T> option, T minimum, T maximum)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        option.CustomParser = result => Parse(result, option.Name, minimum, maximum, NumberStyles.AllowLeadingSign, WholeNumbers(minimum, maximum)) ?? default;
        return option;
    }

    /// <summary>As <see cref="Within{T}(Option{T}, T, T)"/> for an option without a default.</summary>
    public static Option<T?> Within<T>(this Option<T?> option, T minimum, T maximum)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
    {
        option.CustomParser = result => Parse(result, option.Name, minimum, maximum, NumberStyles.AllowLeadingSign, WholeNumbers(minimum, maximum));
        return option;
    }

    /// <summary>Accepts finite numbers above zero up to <paramref name="maximum"/> (timer scales).</summary>
    public static Option<double> Positive(this Option<double> option, double maximum)
    {
        option.CustomParser = result => Parse(result, option.Name, double.Epsilon, maximum, NumberStyles.Float, $"a number above 0 up to {maximum}") ?? default;
        return option;
    }

    /// <summary>Accepts finite numbers from zero up to <paramref name="maximum"/> (0 meaning "off").</summary>
    public static Option<double> NonNegative(this Option<double> option, double maximum)
    {
        option.CustomParser = result => Parse(result, option.Name, 0, maximum, NumberStyles.Float, $"a number from 0 to {maximum}") ?? default;
        return option;
    }

    private static string WholeNumbers<T>(T minimum, T maximum)
        where T : struct, IBinaryInteger<T>, IMinMaxValue<T> =>
        maximum == T.MaxValue ? $"a whole number from {minimum}" : $"a whole number from {minimum} to {maximum}";

    private static T? Parse<T>(ArgumentResult result, string name, T minimum, T maximum, NumberStyles styles, string accepted)
        where T : struct, INumber<T>
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (T.TryParse(text, styles, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum)
        {
            return value;
        }

        result.AddError($"{name} takes {accepted}, got {EventText.Quote(text)}.");
        return null;
    }
}
