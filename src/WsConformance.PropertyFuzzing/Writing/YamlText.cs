using System.Globalization;
using System.Text;
using WsConformance.Cases.Model;

namespace WsConformance.PropertyFuzzing.Writing;

/// <summary>YAML scalars and payload forms of the case format (cases/README.md), written so the loader reads them back exactly.</summary>
internal static class YamlText
{
    private const int MaxPatternLength = 64;

    /// <summary>A double-quoted YAML string (escapes quotes, backslashes and control characters).</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    /// <summary><c>{ hex: "…" }</c>, or <c>{ repeat: { hex: "…", length: N } }</c> for a payload that repeats a short pattern.</summary>
    public static string Payload(byte[] bytes)
    {
        var period = Period(bytes);
        return period < bytes.Length / 2
            ? string.Create(CultureInfo.InvariantCulture, $"{{ repeat: {{ hex: \"{Hex(bytes.AsSpan(0, period))}\", length: {bytes.Length} }} }}")
            : $"{{ hex: \"{Hex(bytes)}\" }}";
    }

    /// <summary>The same bytes as a message event's content fields (the type is given by the caller).</summary>
    public static string MessageContent(byte[] bytes)
    {
        var payload = Payload(bytes);
        return payload[2..^2];
    }

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    public static string Duration(TimeSpan duration) =>
        duration.TotalMilliseconds % 1000 == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0}s")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0}ms");

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Verdict(Verdict verdict) => verdict switch
    {
        Cases.Model.Verdict.NonStrict => "NON-STRICT",
        _ => verdict.ToString().ToUpperInvariant(),
    };

    /// <summary>Smallest period (≤ 64) with which the bytes repeat; the length itself when none.</summary>
    private static int Period(byte[] bytes)
    {
        for (var period = 1; period <= Math.Min(MaxPatternLength, bytes.Length / 2); period++)
        {
            if (bytes.AsSpan(period).SequenceEqual(bytes.AsSpan(0, bytes.Length - period)))
            {
                return period;
            }
        }

        return bytes.Length;
    }
}
