using System.Text;
using WsConformance.Protocol;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Fuzzing.Targets;

/// <summary>Fuzz targets for the codec in WsConformance.Protocol.</summary>
public static class CodecTargets
{
    private const string Protocol = "WsConformance.Protocol";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly HandshakeRequest Request = HandshakeRequest.CreateDefault(new Uri("ws://example.com/chat"), key: "dGhlIHNhbXBsZSBub25jZQ==");

    /// <summary>
    /// FrameDecoder + FrameValidator on a frame stream, fed at once (sender role from the first frame's mask
    /// bit). Oracle: the decoder keeps its contract (never consumes more than given, always progresses) and
    /// nothing throws.
    /// </summary>
    [FuzzTarget("decoder", Description = "FrameDecoder + FrameValidator on a frame stream", Instrument = Protocol, Frames = true)]
    public static void Decoder(ReadOnlySpan<byte> input) =>
        FrameStreamDigest.Decode(input, Math.Max(input.Length, 1), FrameStreamDigest.SenderOf(input));

    /// <summary>
    /// The same, plus: feeding the stream in small chunks (1-7 bytes, the caller keeping unconsumed bytes)
    /// gives exactly the same headers, payload bytes and violations as feeding it at once.
    /// </summary>
    [FuzzTarget("decoder-chunked", Description = "FrameDecoder + FrameValidator; whole vs. chunked feeding must agree", Instrument = Protocol, Frames = true)]
    public static void DecoderChunked(ReadOnlySpan<byte> input)
    {
        Role sender = FrameStreamDigest.SenderOf(input);
        FrameStreamDigest whole = FrameStreamDigest.Decode(input, Math.Max(input.Length, 1), sender);
        int chunkSize = 1 + (input.Length % 7);
        FrameStreamDigest chunked = FrameStreamDigest.Decode(input, chunkSize, sender);
        if (whole != chunked)
        {
            throw new FuzzFindingException($"Decoding at once gave {whole} but in {chunkSize}-byte chunks gave {chunked}.");
        }
    }

    /// <summary>
    /// HandshakeResponseParser (+ HandshakeValidator on a complete response). Oracle: never consumes more than
    /// given, and byte-at-a-time feeding gives the same status, consumption and response as feeding at once.
    /// </summary>
    [FuzzTarget("handshake", Description = "HandshakeResponseParser + HandshakeValidator; whole vs. byte-wise feeding must agree", Instrument = Protocol)]
    public static void Handshake(ReadOnlySpan<byte> input)
    {
        (ResponseParseStatus status, int consumed, string? summary) whole = Parse(input, Math.Max(input.Length, 1));
        (ResponseParseStatus status, int consumed, string? summary) bytewise = Parse(input, 1);
        if (whole != bytewise)
        {
            throw new FuzzFindingException($"Parsing at once gave {whole} but byte by byte gave {bytewise}.");
        }
    }

    /// <summary>Utf8StreamValidator, whole and split in three, differential against .NET's strict UTF8Encoding.</summary>
    [FuzzTarget("utf8", Description = "Utf8StreamValidator vs. strict UTF8Encoding (whole and split)", Instrument = Protocol)]
    public static void Utf8(ReadOnlySpan<byte> input)
    {
        bool expected = IsStrictUtf8(input);
        var whole = default(Utf8StreamValidator);
        whole.Feed(input);
        int first = input.IsEmpty ? 0 : input[0] % (input.Length + 1);
        int second = first + ((input.Length - first) / 2);
        var split = default(Utf8StreamValidator);
        split.Feed(input[..first]);
        split.Feed(input[first..second]);
        split.Feed(input[second..]);
        if ((whole.State == Utf8State.Valid) != expected || Utf8StreamValidator.IsValid(input) != expected)
        {
            throw new FuzzFindingException($"Utf8StreamValidator says {whole.State}, strict UTF8Encoding says valid={expected}.");
        }

        if (whole.State != split.State || whole.FailureOffset != split.FailureOffset)
        {
            throw new FuzzFindingException(
                $"Whole: {whole.State} at {whole.FailureOffset}; split at {first},{second}: {split.State} at {split.FailureOffset}.");
        }
    }

    /// <summary>CloseBody.Parse against an independent reading of RFC 6455 §5.5.1 / §7.4.</summary>
    [FuzzTarget("close-body", Description = "CloseBody.Parse vs. an independent RFC 6455 §5.5.1/§7.4 oracle", Instrument = Protocol)]
    public static void CloseBodyParser(ReadOnlySpan<byte> input)
    {
        CloseBodyInfo info = CloseBody.Parse(input.ToArray());
        var expected = new SortedSet<ViolationCode>();
        ushort? code = input.Length >= 2 ? (ushort)((input[0] << 8) | input[1]) : null;
        if (input.Length == 1)
        {
            expected.Add(ViolationCode.CloseBodyOneByte);
        }

        if (code is { } value && !(value is >= 1000 and <= 1003 or >= 1007 and <= 1014 or >= 3000 and <= 4999))
        {
            expected.Add(ViolationCode.InvalidCloseCode);
        }

        if (input.Length >= 2 && !IsStrictUtf8(input[2..]))
        {
            expected.Add(ViolationCode.InvalidCloseReasonUtf8);
        }

        var actual = new SortedSet<ViolationCode>(info.Violations.Select(violation => violation.Code));
        if (info.Code != code || !actual.SetEquals(expected) || info.Reason.Length != Math.Max(0, input.Length - 2))
        {
            throw new FuzzFindingException(
                $"CloseBody.Parse gave code {info.Code} [{string.Join(",", actual)}]; expected code {code} [{string.Join(",", expected)}].");
        }
    }

    private static (ResponseParseStatus, int, string?) Parse(ReadOnlySpan<byte> input, int chunkSize)
    {
        var parser = new HandshakeResponseParser();
        ResponseParseStatus status = ResponseParseStatus.NeedMoreData;
        HandshakeResponse? response = null;
        HandshakeViolation? violation = null;
        int total = 0;
        for (int offset = 0; offset < input.Length && status == ResponseParseStatus.NeedMoreData; offset += chunkSize)
        {
            ReadOnlySpan<byte> chunk = input.Slice(offset, Math.Min(chunkSize, input.Length - offset));
            status = parser.Feed(chunk, out int consumed, out response, out violation);
            if (consumed < 0 || consumed > chunk.Length)
            {
                throw new FuzzFindingException($"HandshakeResponseParser consumed {consumed} of {chunk.Length} bytes.");
            }

            total += consumed;
        }

        string? summary = status switch
        {
            ResponseParseStatus.Complete => $"{response!.StatusCode} {response.Headers.Count} headers, {HandshakeValidator.Validate(response, Request).Count} violations",
            ResponseParseStatus.Invalid => violation!.Code.ToString(),
            _ => null,
        };
        // After Invalid, how much was consumed is not part of the contract; after Complete it is.
        return (status, status == ResponseParseStatus.Complete ? total : -1, summary);
    }

    private static bool IsStrictUtf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            StrictUtf8.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
