using System.Text.Json.Serialization;

namespace WsConformance.Reporting.Model;

/// <summary>
/// One wire-log row. <see cref="Kind"/> says which fields are present: <c>tx-octets</c>/<c>rx-octets</c> (length
/// and bytes), <c>tx-frame</c>/<c>rx-frame</c> (header fields, length and payload bytes), <c>note</c> (text).
/// </summary>
/// <param name="Hex">Hex of the logged bytes (at most 64; none for bulk cases).</param>
/// <param name="Preview">The logged bytes as quoted text when printable UTF-8, else 0x-hex; control characters escaped.</param>
/// <param name="Truncated">How many bytes of the row were not logged.</param>
/// <param name="Mask">Masking key as 8 hex digits; absent for unmasked frames.</param>
/// <param name="Chop">Chop size the frame was written with, if chopped.</param>
public sealed record WireRow(
    double AtMs,
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Length = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Hex = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Preview = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Truncated = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Opcode = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Fin = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Rsv = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Mask = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Chop = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? FrameWise = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text = null);
