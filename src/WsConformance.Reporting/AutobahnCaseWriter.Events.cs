using System.Globalization;
using System.Text.Json;
using WsConformance.Cases.Model;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Running;
using WsConformance.Protocol;

namespace WsConformance.Reporting;

/// <summary>Autobahn's event lists (<c>expected</c>, <c>received</c>) and wire-log rows.</summary>
public static partial class AutobahnCaseWriter
{
    private static void WriteExpected(Utf8JsonWriter json, Expectation expectation)
    {
        json.WriteStartObject("expected");
        foreach (var alternative in expectation.Alternatives.GroupBy(a => VerdictNames.Of(a.Verdict)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // Autobahn keeps one list per verdict; alternatives sharing a verdict are listed one after the other.
            json.WriteStartArray(alternative.Key);
            foreach (var expected in alternative.SelectMany(a => a.Events))
            {
                WriteExpectedEvent(json, expected);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteExpectedEvent(Utf8JsonWriter json, ExpectedEvent expected)
    {
        switch (expected)
        {
            case ExpectedMessage message:
                for (var i = 0; i < message.Count; i++)
                {
                    json.WriteStartArray();
                    json.WriteStringValue("message");
                    json.WriteStringValue(message.Content is null ? $"<{message.Length} bytes>" : PayloadText(message.Content.ToBytes()));
                    json.WriteBooleanValue(message.Opcode == Opcodes.Binary);
                    json.WriteEndArray();
                }

                break;
            case ExpectedPong pong:
                WritePair(json, "pong", PayloadText(pong.Payload.ToBytes()));
                break;
            case ExpectedPing ping:
                WritePair(json, "ping", PayloadText(ping.Payload.ToBytes()));
                break;
            case ExpectedTimeout timeout:
                WritePair(json, "timeout", timeout.Tag);
                break;
        }
    }

    private static void WriteReceived(Utf8JsonWriter json, IReadOnlyList<ObservedEvent> events)
    {
        json.WriteStartArray("received");
        foreach (var observed in events)
        {
            switch (observed)
            {
                case MessageEvent message:
                    json.WriteStartArray();
                    json.WriteStringValue("message");
                    json.WriteStringValue(message.Payload is null ? $"<{message.Length} bytes>" : PayloadText(message.Payload));
                    json.WriteBooleanValue(message.Opcode == Opcodes.Binary);
                    json.WriteEndArray();
                    break;
                case PongEvent pong:
                    WritePair(json, "pong", PayloadText(pong.Payload));
                    break;
                case PingEvent ping:
                    WritePair(json, "ping", PayloadText(ping.Payload));
                    break;
                case TimeoutEvent timeout:
                    WritePair(json, "timeout", timeout.Tag);
                    break;
            }
        }

        json.WriteEndArray();
    }

    private static void WritePair(Utf8JsonWriter json, string kind, string value)
    {
        json.WriteStartArray();
        json.WriteStringValue(kind);
        json.WriteStringValue(value);
        json.WriteEndArray();
    }

    /// <summary>
    /// Rows in Autobahn's shapes: <c>["TO", [len, hex], sync]</c>, <c>["RO", [len, hex]]</c>,
    /// <c>["TF", [len, payload], opcode, fin, rsv, maskHex, repeatLen, chopsize, sync]</c>,
    /// <c>["RF", [len, payload], opcode, fin, rsv, masked, maskHex]</c>. Our harness notes (timers, drops) have
    /// no exact Autobahn counterpart and appear as <c>["NT", text]</c>.
    /// </summary>
    private static void WriteWireLog(Utf8JsonWriter json, CaseResult result)
    {
        json.WriteStartArray("wirelog");
        foreach (var entry in result.WireLog)
        {
            json.WriteStartArray();
            switch (entry)
            {
                case OctetsEntry { Direction: WireDirection.Sent } sent:
                    json.WriteStringValue("TO");
                    WriteLengthAndHex(json, sent.Length, sent.Head);
                    json.WriteBooleanValue(false);
                    break;
                case OctetsEntry received:
                    json.WriteStringValue("RO");
                    WriteLengthAndHex(json, received.Length, received.Head);
                    break;
                case FrameEntry frame:
                    WriteFrame(json, frame);
                    break;
                case NoteEntry note:
                    json.WriteStringValue("NT");
                    json.WriteStringValue(note.Text);
                    break;
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    private static void WriteFrame(Utf8JsonWriter json, FrameEntry frame)
    {
        var sent = frame.Direction == WireDirection.Sent;
        json.WriteStringValue(sent ? "TF" : "RF");
        json.WriteStartArray();
        json.WriteNumberValue(frame.PayloadLength);
        json.WriteStringValue(PayloadText(frame.PayloadHead));
        json.WriteEndArray();
        json.WriteNumberValue(frame.Opcode);
        json.WriteBooleanValue(frame.Fin);
        json.WriteNumberValue(frame.Rsv);
        var mask = frame.MaskKey.ToString("x8", CultureInfo.InvariantCulture);
        if (sent)
        {
            WriteStringOrNull(json, frame.Masked ? mask : null);
            json.WriteNullValue();
            if (frame.ChopSize is { } chop)
            {
                json.WriteNumberValue(chop);
            }
            else
            {
                json.WriteNullValue();
            }

            json.WriteBooleanValue(frame.FrameWise);
        }
        else
        {
            json.WriteBooleanValue(frame.Masked);
            WriteStringOrNull(json, frame.Masked ? mask : null);
        }
    }

    private static void WriteLengthAndHex(Utf8JsonWriter json, int length, byte[] head)
    {
        json.WriteStartArray();
        json.WriteNumberValue(length);
        json.WriteStringValue(Convert.ToHexStringLower(head));
        json.WriteEndArray();
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, string? value)
    {
        if (value is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteStringValue(value);
        }
    }
}
