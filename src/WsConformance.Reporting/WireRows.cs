using System.Globalization;
using WsConformance.Engine.Judging;
using WsConformance.Engine.Observation;
using WsConformance.Protocol;
using WsConformance.Reporting.Model;

namespace WsConformance.Reporting;

/// <summary>Wire-log entries as report rows: hex plus a printable preview, with a count of the bytes not logged.</summary>
internal static class WireRows
{
    public static WireRow From(WireEntry entry) => entry switch
    {
        OctetsEntry octets => new WireRow(
            ReportBuilder.Milliseconds(octets.At),
            octets.Direction == WireDirection.Sent ? "tx-octets" : "rx-octets",
            Length: octets.Length,
            Hex: Convert.ToHexStringLower(octets.Head),
            Preview: EventText.Payload(octets.Head),
            Truncated: Math.Max(0, octets.Length - octets.Head.Length)),
        FrameEntry frame => new WireRow(
            ReportBuilder.Milliseconds(frame.At),
            frame.Direction == WireDirection.Sent ? "tx-frame" : "rx-frame",
            Length: (long)Math.Min(frame.PayloadLength, long.MaxValue),
            Hex: Convert.ToHexStringLower(frame.PayloadHead),
            Preview: EventText.Payload(frame.PayloadHead),
            Truncated: (long)Math.Min(frame.PayloadLength - (ulong)frame.PayloadHead.Length, long.MaxValue),
            Opcode: Opcodes.Name(frame.Opcode),
            Fin: frame.Fin,
            Rsv: frame.Rsv,
            Mask: frame.Masked ? frame.MaskKey.ToString("x8", CultureInfo.InvariantCulture) : null,
            Chop: frame.ChopSize,
            FrameWise: frame.FrameWise),
        NoteEntry note => new WireRow(ReportBuilder.Milliseconds(note.At), "note", Text: note.Text),
        _ => new WireRow(ReportBuilder.Milliseconds(entry.At), "note", Text: entry.GetType().Name),
    };
}
