namespace WsConformance.Cases.Model;

/// <summary>One thing the harness does on the connection. Steps run in order.</summary>
public abstract record Step;

/// <summary>How bytes are handed to TCP. Changes segmentation only, never the bytes.</summary>
/// <param name="ChopSize">Write the bytes in pieces of this many octets, one write each (Autobahn <c>chopsize</c>).</param>
/// <param name="FrameWise">Write every frame with its own write (Autobahn <c>sync</c>).</param>
/// <param name="ChopDelay">Pause between two pieces; null means only yield to the scheduler.</param>
public sealed record Transmission(int? ChopSize, bool FrameWise, TimeSpan? ChopDelay)
{
    /// <summary>Everything in one write.</summary>
    public static Transmission Default { get; } = new(null, false, null);
}

/// <summary>How the MASK bit and key are chosen for a frame.</summary>
public enum MaskMode
{
    /// <summary>
    /// What the harness's role requires: MASK set with a random key when it plays the client (RFC 6455 §5.3),
    /// clear when it plays the server (§5.1: "A server MUST NOT mask any frames that it sends to the client").
    /// </summary>
    ByRole,

    /// <summary>MASK set, key from a random source, whichever role the harness plays.</summary>
    Random,

    /// <summary>MASK clear, payload sent as is.</summary>
    None,

    /// <summary>MASK set with <see cref="Mask.Key"/>.</summary>
    Fixed,
}

/// <summary>Mask choice for one frame; <see cref="Key"/> is in wire order (first key byte most significant).</summary>
public sealed record Mask(MaskMode Mode, uint Key = 0)
{
    public static Mask ByRole { get; } = new(MaskMode.ByRole);

    public static Mask Random { get; } = new(MaskMode.Random);

    public static Mask None { get; } = new(MaskMode.None);
}

/// <summary>How the payload length field is written.</summary>
public enum LengthForm
{
    /// <summary>The smallest form that fits (what the RFC requires).</summary>
    Minimal,

    /// <summary>Always the 16-bit extended form (126 + 2 bytes), even for small lengths.</summary>
    Extended16,

    /// <summary>Always the 64-bit extended form (127 + 8 bytes).</summary>
    Extended64,
}

/// <summary>Send one frame with any header, valid or not.</summary>
/// <param name="Rsv">RSV bits as a 3-bit number: 4 = RSV1, 2 = RSV2, 1 = RSV3 (Autobahn's <c>rsv</c> numbering).</param>
/// <param name="Opcode">0–15, reserved values included.</param>
/// <param name="DeclaredLength">A length to announce instead of the payload's real one (truncated or overlong frames).</param>
/// <param name="PayloadBytesNow">Send the header and only this many payload bytes now; the rest of the encoded
/// frame is held back for <see cref="SendHeldStep"/> (Autobahn 6.4.3: one frame written in timed pieces).</param>
public sealed record SendFrameStep(
    byte Opcode,
    bool Fin,
    byte Rsv,
    Mask Mask,
    PayloadSpec Payload,
    ulong? DeclaredLength,
    LengthForm LengthForm,
    Transmission Transmission,
    int? PayloadBytesNow = null) : Step;

/// <summary>Send the next <paramref name="Count"/> bytes of the frame held back by <see cref="SendFrameStep.PayloadBytesNow"/> (null = all that is left).</summary>
public sealed record SendHeldStep(int? Count) : Step;

/// <summary>Send a data message, split into frames of <paramref name="FragmentSize"/> payload bytes when given.</summary>
/// <param name="Opcode">1 (text) or 2 (binary).</param>
public sealed record SendMessageStep(byte Opcode, PayloadSpec Payload, int? FragmentSize, Transmission Transmission) : Step;

/// <summary>Send bytes as they are (no framing).</summary>
public sealed record SendRawStep(byte[] Bytes, Transmission Transmission) : Step;

/// <summary>
/// Start the closing handshake: send a Close frame and enter the closing state, so the harness becomes the
/// closing endpoint. <paramref name="Body"/> is the whole close payload (code + reason, or anything else).
/// </summary>
public sealed record CloseStep(PayloadSpec Body) : Step;

/// <summary>
/// Wait, then go on only if the connection is still open; when <paramref name="Tag"/> is set, record a
/// <c>timeout</c> event with it first (Autobahn's <c>continueLater</c>, used to grade fail-fast behaviour).
/// </summary>
public sealed record PauseStep(TimeSpan Duration, string? Tag) : Step;

/// <summary>If the connection is still open after <paramref name="After"/>, fail it (Close 1001) — Autobahn's <c>killAfter</c>.</summary>
public sealed record FailAfterStep(TimeSpan After) : Step;

/// <summary>
/// Reset the connection at once — over HTTP/2 the stream, with RST_STREAM CANCEL (RFC 8441 §5: a TCP reset's counterpart),
/// over HTTP/1.1 TCP itself — then watch the stream for <paramref name="Watch"/> after the client acknowledged a PING sent
/// behind the reset: a frame on the stream by then was sent on a stream the client knew was closed (RFC 9113 §5.1).
/// </summary>
public sealed record ResetStreamStep(TimeSpan Watch) : Step;

/// <summary>If the connection is still open after <paramref name="After"/>, close it normally — Autobahn's <c>closeAfter</c>.</summary>
public sealed record CloseAfterStep(TimeSpan After) : Step;

/// <summary>
/// Send <paramref name="Count"/> messages one after another, each only after the echo of the previous one
/// arrived (Autobahn 9.7/9.8, 12, 13). Every echo is recorded as a message event.
/// </summary>
/// <param name="Payload">The payload of every message, unless <paramref name="Slices"/> gives one per round.</param>
/// <param name="Slices">Round <c>i</c> sends slice <c>i</c> of a data set (Autobahn 12.x/13.x).</param>
/// <param name="FragmentSize">Split each message into frames of this many payload bytes; with permessage-deflate the
/// compressed payload is split, RSV1 on the first frame only (Autobahn's <c>autoFragmentSize</c>). Null or 0: one frame.</param>
public sealed record EchoRoundsStep(int Count, byte Opcode, PayloadSpec Payload, DataSlices? Slices = null, int? FragmentSize = null) : Step
{
    /// <summary>The message of round <paramref name="round"/>.</summary>
    public ReadOnlyMemory<byte> MessageOf(int round) => Slices is { } slices ? slices.Slice(round) : Payload.ToBytes();
}
