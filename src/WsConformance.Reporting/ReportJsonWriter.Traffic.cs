using System.Text.Json;
using WsConformance.Engine.Judging;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Running;
using WsConformance.Protocol;

namespace WsConformance.Reporting;

/// <summary>The wire log and traffic statistics of a case.</summary>
public static partial class ReportJsonWriter
{
    private static void WriteStatistics(Utf8JsonWriter json, TrafficStatistics statistics)
    {
        json.WriteStartObject("statistics");
        json.WriteNumber("sentBytes", statistics.SentBytes);
        json.WriteNumber("receivedBytes", statistics.ReceivedBytes);
        WriteCounts(json, "sentOctets", statistics.SentOctets);
        WriteCounts(json, "receivedOctets", statistics.ReceivedOctets);
        WriteCounts(json, "sentFrames", statistics.SentFrames);
        WriteCounts(json, "receivedFrames", statistics.ReceivedFrames);
        json.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter json, string name, SortedDictionary<int, int> counts)
    {
        json.WriteStartObject(name);
        foreach (var (key, count) in counts)
        {
            json.WriteNumber(key.ToString(System.Globalization.CultureInfo.InvariantCulture), count);
        }

        json.WriteEndObject();
    }

    private static void WriteWireLog(Utf8JsonWriter json, CaseResult result)
    {
        json.WriteNumber("wireLogDropped", result.WireLogDropped);
        json.WriteStartArray("wireLog");
        foreach (var entry in result.WireLog)
        {
            json.WriteStartObject();
            json.WriteNumber("atMs", Math.Round(entry.At.TotalMilliseconds, 3));
            switch (entry)
            {
                case OctetsEntry octets:
                    json.WriteString("kind", octets.Direction == WireDirection.Sent ? "tx-octets" : "rx-octets");
                    json.WriteNumber("length", octets.Length);
                    WriteBytes(json, octets.Head, octets.Length);
                    break;
                case FrameEntry frame:
                    json.WriteString("kind", frame.Direction == WireDirection.Sent ? "tx-frame" : "rx-frame");
                    json.WriteString("opcode", Opcodes.Name(frame.Opcode));
                    json.WriteBoolean("fin", frame.Fin);
                    json.WriteNumber("rsv", frame.Rsv);
                    json.WriteString("mask", frame.Masked ? frame.MaskKey.ToString("x8", System.Globalization.CultureInfo.InvariantCulture) : null);
                    json.WriteNumber("length", frame.PayloadLength);
                    WriteBytes(json, frame.PayloadHead, (long)Math.Min(frame.PayloadLength, long.MaxValue));
                    if (frame.ChopSize is { } chop)
                    {
                        json.WriteNumber("chop", chop);
                    }

                    json.WriteBoolean("frameWise", frame.FrameWise);
                    break;
                case NoteEntry note:
                    json.WriteString("kind", "note");
                    json.WriteString("text", note.Text);
                    break;
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>Hex of the logged bytes plus a printable preview; <c>truncated</c> counts what was not logged.</summary>
    private static void WriteBytes(Utf8JsonWriter json, byte[] head, long total)
    {
        json.WriteString("hex", Convert.ToHexStringLower(head));
        json.WriteString("preview", EventText.Payload(head));
        json.WriteNumber("truncated", Math.Max(0, total - head.Length));
    }
}
