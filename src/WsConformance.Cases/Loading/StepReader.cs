using System.Buffers.Binary;
using System.Globalization;
using YamlDotNet.RepresentationModel;
using WsConformance.Cases.Model;

namespace WsConformance.Cases.Loading;

/// <summary>Reads <c>steps:</c> — a list of one-key mappings such as <c>- send_frame: { … }</c>.</summary>
internal static class StepReader
{
    private const int MaxCloseCode = ushort.MaxValue;
    private const string AllHeldBytes = "rest";

    public static List<Step>? ReadList(ReadContext context, YamlNode node)
    {
        var held = new HeldFrame();
        return Scalars.List(context, node, "steps", item => Read(context, item, held));
    }

    private static Step? Read(ReadContext context, YamlNode node, HeldFrame held)
    {
        var resolved = context.Resolve(node);
        if (resolved is not YamlMappingNode { Children.Count: 1 } mapping)
        {
            context.Error(resolved, $"expected a step: a mapping with one key, {Suggestions.ExpectedOneOf(KnownKeys.Steps)}");
            return null;
        }

        var (keyNode, value) = mapping.Children.First();
        var kind = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
        return kind switch
        {
            "send_frame" => MappingReader.Open(context, value, kind, KnownKeys.SendFrame) is { } fields ? held.Hold(SendFrame(context, fields)) : null,
            "send_held" => SendHeld(context, value, held),
            "send_message" => Open(context, value, kind, KnownKeys.SendMessage, SendMessage),
            "send_raw" => Open(context, value, kind, KnownKeys.SendRaw, SendRaw),
            "close" => Close(context, value),
            "ping" => PayloadReader.Read(context, value, kind) is { } ping ? PingPong(Vocabulary.Opcodes["ping"], ping) : null,
            "pong" => PayloadReader.Read(context, value, kind) is { } pong ? PingPong(Vocabulary.Opcodes["pong"], pong) : null,
            "pause" => Pause(context, value),
            "fail_after" => Scalars.Duration(context, value) is { } failAfter ? new FailAfterStep(failAfter) : null,
            "close_after" => Scalars.Duration(context, value) is { } closeAfter ? new CloseAfterStep(closeAfter) : null,
            "reset_stream" => Scalars.Duration(context, value) is { } watch ? new ResetStreamStep(watch) : null,
            "echo_rounds" => Open(context, value, kind, KnownKeys.EchoRounds, EchoRounds),
            _ => Unknown(context, keyNode, kind),
        };
    }

    private static Step? Open(ReadContext context, YamlNode value, string kind, string[] known, Func<ReadContext, MappingReader, Step> read) =>
        MappingReader.Open(context, value, kind, known) is { } fields ? read(context, fields) : null;

    private static Step? Unknown(ReadContext context, YamlNode keyNode, string kind)
    {
        context.Error(keyNode, Suggestions.Unknown("step", kind, KnownKeys.Steps));
        return null;
    }

    private static SendFrameStep SendFrame(ReadContext context, MappingReader m)
    {
        var payload = Payload(context, m);
        return new SendFrameStep(
            Opcode: m.Require("opcode") is { } opcode ? Opcode(context, opcode) ?? 0 : (byte)0,
            Fin: m.Get("fin") is { } fin ? Scalars.Bool(context, fin) ?? true : true,
            Rsv: m.Get("rsv") is { } rsv ? (byte)(Scalars.Int(context, rsv, 0, Vocabulary.MaxRsv) ?? 0) : (byte)0,
            Mask: m.Get("mask") is { } mask ? ReadMask(context, mask) ?? Mask.ByRole : Mask.ByRole,
            Payload: payload,
            DeclaredLength: m.Get("declared_length") is { } declared ? Scalars.UnsignedLong(context, declared) : null,
            LengthForm: m.Get("length_form") is { } form ? Scalars.Choice(context, form, Vocabulary.LengthForms) ?? LengthForm.Minimal : LengthForm.Minimal,
            Transmission: Transmission(context, m),
            PayloadBytesNow: m.Get("payload_now") is { } now ? PayloadNow(context, now, payload) : null);
    }

    private static int? PayloadNow(ReadContext context, YamlNode node, PayloadSpec payload)
    {
        var count = Scalars.Int(context, node, 0);
        if (count > payload.Length)
        {
            context.Error(node, $"payload_now is {count} but the payload has only {payload.Length} bytes");
            return null;
        }

        return count;
    }

    /// <summary><c>send_held: N</c> or <c>send_held: rest</c>; only bytes an earlier <c>payload_now</c> held back can be sent.</summary>
    private static SendHeldStep? SendHeld(ReadContext context, YamlNode node, HeldFrame held)
    {
        var text = context.Text(node, $"a byte count or {AllHeldBytes}");
        int? count = null;
        if (text is null)
        {
            return null;
        }

        if (text != AllHeldBytes)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) || bytes == 0)
            {
                context.Error(node, $"expected a byte count (1 or more) or {AllHeldBytes}, got '{text}'");
                return null;
            }

            count = bytes;
        }

        if (held.Remaining == 0)
        {
            context.Error(node, "nothing is held back: send_held needs an earlier send_frame with payload_now smaller than its payload");
            return null;
        }

        if (count > held.Remaining)
        {
            context.Error(node, $"send_held sends {count} bytes but only {held.Remaining} are held back");
            return null;
        }

        held.Remaining = count is null ? 0 : held.Remaining - count.Value;
        return new SendHeldStep(count);
    }

    private static SendMessageStep SendMessage(ReadContext context, MappingReader m) => new(
        Opcode: MessageType(context, m),
        Payload: Payload(context, m),
        FragmentSize: m.Get("fragment_size") is { } size ? Scalars.Int(context, size, 1) : null,
        Transmission: Transmission(context, m));

    private static SendRawStep SendRaw(ReadContext context, MappingReader m) => new(
        m.Require("hex") is { } hex ? Scalars.Hex(context, hex) ?? [] : [],
        Transmission(context, m));

    private static EchoRoundsStep EchoRounds(ReadContext context, MappingReader m) => new(
        Count: m.Require("count") is { } count ? Scalars.Int(context, count, 1) ?? 1 : 1,
        Opcode: MessageType(context, m),
        Payload: Payload(context, m),
        Slices: m.Get("slices") is { } slices ? CompressionReader.ReadSlices(context, slices) : null,
        FragmentSize: m.Get("fragment_size") is { } size ? Scalars.Int(context, size, 0) : null);

    private static SendFrameStep PingPong(byte opcode, PayloadSpec payload) =>
        new(opcode, Fin: true, Rsv: 0, Mask.ByRole, payload, DeclaredLength: null, LengthForm.Minimal, Model.Transmission.Default);

    /// <summary>
    /// <c>close:</c> alone sends an empty body; <c>code</c> + <c>reason</c> build RFC 6455 §5.5.1's body (2-byte
    /// code in network order, then the reason); <c>body</c> gives the whole payload for malformed closes.
    /// </summary>
    private static CloseStep? Close(ReadContext context, YamlNode node)
    {
        var resolved = context.Resolve(node);
        if (resolved is YamlScalarNode { Value: null or "" })
        {
            return new CloseStep(PayloadSpec.Empty);
        }

        var m = MappingReader.Open(context, resolved, "close", KnownKeys.CloseStep);
        if (m is null)
        {
            return null;
        }

        if (m.Get("body") is { } body)
        {
            if (m.Has("code") || m.Has("reason"))
            {
                context.Error(m.KeyNode("body")!, "close takes either body or code and reason, not both");
            }

            return PayloadReader.Read(context, body, "close body") is { } bodyPayload ? new CloseStep(bodyPayload) : null;
        }

        var reason = m.Get("reason") is { } reasonNode ? PayloadReader.Read(context, reasonNode, "close reason") : PayloadSpec.Empty;
        if (m.Get("code") is not { } codeNode)
        {
            if (m.Has("reason"))
            {
                context.Error(m.KeyNode("reason")!, "a close reason needs a code");
            }

            return new CloseStep(PayloadSpec.Empty);
        }

        if (Scalars.Int(context, codeNode, 0, MaxCloseCode) is not { } code || reason is null)
        {
            return null;
        }

        var bytes = new byte[sizeof(ushort) + reason.Length];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)code);
        reason.ToBytes().CopyTo(bytes, sizeof(ushort));
        return new CloseStep(new BytesPayload(bytes));
    }

    /// <summary><c>pause: 1s</c> or <c>pause: { duration: 1s, tag: t1 }</c>.</summary>
    private static PauseStep? Pause(ReadContext context, YamlNode node)
    {
        var resolved = context.Resolve(node);
        if (resolved is YamlScalarNode)
        {
            return Scalars.Duration(context, resolved) is { } duration ? new PauseStep(duration, Tag: null) : null;
        }

        var m = MappingReader.Open(context, resolved, "pause", KnownKeys.Pause);
        if (m is null)
        {
            return null;
        }

        var tag = m.Get("tag") is { } tagNode ? Scalars.NonEmpty(context, tagNode, "a tag") : null;
        return m.Require("duration") is { } durationNode && Scalars.Duration(context, durationNode) is { } after
            ? new PauseStep(after, tag)
            : null;
    }

    private static byte? Opcode(ReadContext context, YamlNode node)
    {
        var text = context.Text(node, "an opcode");
        if (text is null)
        {
            return null;
        }

        if (Vocabulary.Opcodes.TryGetValue(text, out var named))
        {
            return named;
        }

        if (byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= Vocabulary.MaxOpcode)
        {
            return number;
        }

        context.Error(node, $"{Suggestions.ExpectedOneOf(Vocabulary.Opcodes.Keys)} or a number from 0 to {Vocabulary.MaxOpcode}; got '{text}'");
        return null;
    }

    /// <summary><c>random</c>, <c>none</c>, or 8 hex digits: the key in wire order (first byte most significant).</summary>
    private static Mask? ReadMask(ReadContext context, YamlNode node)
    {
        var text = context.Text(node, "a mask");
        if (text is null)
        {
            return null;
        }

        if (Vocabulary.MaskNames.TryGetValue(text, out var named))
        {
            return named;
        }

        if (text.Length == Vocabulary.MaskKeyHexDigits && text.All(char.IsAsciiHexDigit))
        {
            return new Mask(MaskMode.Fixed, BinaryPrimitives.ReadUInt32BigEndian(Convert.FromHexString(text)));
        }

        context.Error(node, $"expected random, none or {Vocabulary.MaskKeyHexDigits} hex digits (the masking key); got '{text}'");
        return null;
    }

    /// <summary>How many payload bytes of the last <c>payload_now</c> frame are still held back.</summary>
    private sealed class HeldFrame
    {
        public long Remaining { get; set; }

        public SendFrameStep Hold(SendFrameStep frame)
        {
            Remaining = frame.PayloadBytesNow is { } now ? frame.Payload.Length - now : 0;
            return frame;
        }
    }

    private static byte MessageType(ReadContext context, MappingReader m) =>
        m.Require("type") is { } type ? Scalars.Choice(context, type, Vocabulary.MessageTypes) ?? Vocabulary.TextOpcode : Vocabulary.TextOpcode;

    private static PayloadSpec Payload(ReadContext context, MappingReader m) =>
        m.Get("payload") is { } payload ? PayloadReader.Read(context, payload, m.What) ?? PayloadSpec.Empty : PayloadSpec.Empty;

    private static Transmission Transmission(ReadContext context, MappingReader m)
    {
        if (!KnownKeys.Transmission.Any(m.Has))
        {
            return Model.Transmission.Default;
        }

        return new Transmission(
            ChopSize: m.Get("chop") is { } chop ? Scalars.Int(context, chop, 1) : null,
            FrameWise: m.Get("frame_wise") is { } frameWise && (Scalars.Bool(context, frameWise) ?? false),
            ChopDelay: m.Get("chop_delay") is { } delay ? Scalars.Duration(context, delay) : null);
    }
}
