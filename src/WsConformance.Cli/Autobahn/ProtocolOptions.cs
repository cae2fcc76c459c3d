using System.Text.Json;

namespace WsConformance.Cli.Autobahn;

/// <summary>
/// A spec's <c>options</c> (global or per server), which wstest hands to Autobahn's setProtocolOptions. wsconf's
/// behaviour is wstest's defaults for a conformance run; an option asking for something else is named in a
/// warning, since wsconf would silently run differently otherwise.
/// </summary>
internal static class ProtocolOptions
{
    /// <summary>RFC 6455 in Autobahn's draft numbering: the only version there is to test.</summary>
    private const int Rfc6455Version = 18;

    public static void Check(SpecReader reader, JsonElement parent, string where)
    {
        if (!parent.TryGetProperty("options", out var options) || options.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        reader.Require(options, JsonValueKind.Object, $"{where}options");
        foreach (var option in options.EnumerateObject())
        {
            var field = $"{where}options.{option.Name}";
            switch (option.Name)
            {
                case "failByDrop" when option.Value.ValueKind == JsonValueKind.False:
                case "version" when option.Value.ValueKind == JsonValueKind.Number && option.Value.TryGetInt32(out var version) && version == Rfc6455Version:
                    break;
                case "failByDrop":
                    reader.Warn(field, "not honoured: wsconf fails a connection with a Close frame, as wstest does with failByDrop false");
                    break;
                case "version":
                    reader.Warn(field, $"not honoured: wsconf speaks RFC 6455 only (version {Rfc6455Version})");
                    break;
                case "openHandshakeTimeout" or "closeHandshakeTimeout" or "serverConnectionDropTimeout":
                    reader.Warn(field, "not honoured: wsconf keeps Autobahn's timers (5 s, 1 s, 1 s); --timeout-scale stretches every timer");
                    break;
                default:
                    reader.Warn(field, "a wstest protocol option wsconf does not honour; ignored");
                    break;
            }
        }
    }
}
