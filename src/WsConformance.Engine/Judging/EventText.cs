using System.Globalization;
using System.Text;
using WsConformance.Cases.Model;
using WsConformance.Engine.Observation;
using WsConformance.Protocol;

namespace WsConformance.Engine.Judging;

/// <summary>
/// Short, safe descriptions of events for verdict reasons: payloads are cut to <see cref="MaxShown"/> bytes,
/// shown as quoted text when they are printable UTF-8 and as hex otherwise, with control characters escaped —
/// bytes from the wire never reach a report or terminal raw.
/// </summary>
public static class EventText
{
    public const int MaxShown = 64;

    /// <summary>Events listed in full before the rest is only counted.</summary>
    public const int MaxEventsShown = 16;

    public static string Describe(IReadOnlyList<ObservedEvent> events) => events.Count == 0 ? Evidence.NoEvents : string.Join(", ", DescribeEach(events));

    /// <summary>One description per event, the first <see cref="MaxEventsShown"/> of them, then a count of the rest.</summary>
    public static IReadOnlyList<string> DescribeEach(IReadOnlyList<ObservedEvent> events) => events.Count <= MaxEventsShown
        ? events.Select(Describe).ToList()
        : [.. events.Take(MaxEventsShown).Select(Describe), $"… and {events.Count - MaxEventsShown} more events"];

    public static string Describe(IReadOnlyList<ExpectedEvent> events) =>
        events.Count == 0 ? Evidence.NoEvents : string.Join(", ", events.Select(Describe));

    public static string Describe(ObservedEvent observed) => observed switch
    {
        MessageEvent m => $"{MessageKind(m.Opcode)} message of {m.Length} bytes"
            + (m.Payload is not null ? $" {Payload(m.Payload)}" : m.Sha1 is { } sha1 ? $" (SHA-1 {Convert.ToHexStringLower(sha1)})" : ""),
        PongEvent p => $"pong {Payload(p.Payload)}",
        PingEvent p => $"ping {Payload(p.Payload)}",
        TimeoutEvent t => $"timeout {Quote(t.Tag)}",
        _ => observed.GetType().Name,
    };

    public static string Describe(ExpectedEvent expected) => expected switch
    {
        ExpectedMessage { Content: null } m => Times(m.Count, $"{MessageKind(m.Opcode)} message of {m.Length} bytes"),
        ExpectedMessage m => Times(m.Count, $"{MessageKind(m.Opcode)} message of {m.Content.Length} bytes {Payload(m.Content)}"),
        ExpectedSlices s => Times(s.Count, $"{MessageKind(s.Opcode)} message echoing the next {s.Slices.Size}-{(s.Slices.Data.IsText ? "character" : "byte")} slice of data set {s.Slices.Data.Name}"),
        ExpectedPong p => $"pong {Payload(p.Payload)}",
        ExpectedPing p => $"ping {Payload(p.Payload)}",
        ExpectedTimeout t => $"timeout {Quote(t.Tag)}",
        _ => expected.GetType().Name,
    };

    /// <summary>Quoted printable text, or 0x-hex for binary; at most <see cref="MaxShown"/> bytes.</summary>
    public static string Payload(ReadOnlySpan<byte> bytes)
    {
        var shown = bytes[..Math.Min(bytes.Length, MaxShown)];
        var suffix = bytes.Length > MaxShown ? $"… ({bytes.Length - MaxShown} more bytes)" : "";
        if (bytes.Length == 0)
        {
            return "\"\"";
        }

        return Utf8StreamValidator.IsValid(bytes) || Utf8StreamValidator.IsValid(shown)
            ? Quote(Encoding.UTF8.GetString(shown)) + suffix
            : "0x" + Convert.ToHexStringLower(shown) + suffix;
    }

    private static string Payload(PayloadSpec spec) =>
        spec.Length > MaxShown * 4 ? Payload(spec is RepeatedPayload r ? r.Pattern : spec.ToBytes()) + $" (pattern, {spec.Length} bytes in all)" : Payload(spec.ToBytes());

    /// <summary>Double-quoted, with quotes, backslashes and control characters escaped.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is '"' or '\\')
            {
                builder.Append('\\').Append((char)rune.Value);
            }
            else if (Rune.IsControl(rune) || rune.Value is 0x2028 or 0x2029)
            {
                builder.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.Append('"').ToString();
    }

    private static string MessageKind(byte opcode) => opcode == Opcodes.Text ? "text" : opcode == Opcodes.Binary ? "binary" : $"opcode {opcode}";

    private static string Times(int count, string text) => count == 1 ? text : $"{count} × {text}";
}
