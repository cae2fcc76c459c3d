using System.Buffers.Binary;

namespace WsConformance.Protocol;

/// <summary>Close status codes from RFC 6455 §7.4.1 and the IANA "WebSocket Close Code Number" registry.</summary>
public static class CloseCodes
{
    /// <summary>1000: normal closure.</summary>
    public const ushort NormalClosure = 1000;

    /// <summary>1001: endpoint going away.</summary>
    public const ushort GoingAway = 1001;

    /// <summary>1002: protocol error.</summary>
    public const ushort ProtocolError = 1002;

    /// <summary>1003: unsupported data type.</summary>
    public const ushort UnsupportedData = 1003;

    /// <summary>1005: no status code was present (MUST NOT be sent).</summary>
    public const ushort NoStatusReceived = 1005;

    /// <summary>1006: closed abnormally without a Close frame (MUST NOT be sent).</summary>
    public const ushort AbnormalClosure = 1006;

    /// <summary>1007: data inconsistent with the message type, e.g. invalid UTF-8.</summary>
    public const ushort InvalidPayload = 1007;

    /// <summary>1008: policy violation.</summary>
    public const ushort PolicyViolation = 1008;

    /// <summary>1009: message too big to process.</summary>
    public const ushort MessageTooBig = 1009;

    /// <summary>1010: client expected an extension the server did not negotiate.</summary>
    public const ushort MandatoryExtension = 1010;

    /// <summary>1011: unexpected server condition.</summary>
    public const ushort InternalError = 1011;

    /// <summary>1012: service restart (IANA).</summary>
    public const ushort ServiceRestart = 1012;

    /// <summary>1013: try again later (IANA).</summary>
    public const ushort TryAgainLater = 1013;

    /// <summary>1014: bad gateway (IANA).</summary>
    public const ushort BadGateway = 1014;

    /// <summary>1015: TLS handshake failure (MUST NOT be sent).</summary>
    public const ushort TlsHandshake = 1015;

    private const int FirstPrivateUseCode = 3000;
    private const int LastPrivateUseCode = 4999;

    /// <summary>
    /// RFC 6455 §7.4 + IANA registry: may this code appear in a Close frame on the wire? (1000-1003,
    /// 1007-1014 registered for use; 3000-4999 yes; 1004, 1005, 1006, 1015, &lt;1000, other 1016-2999,
    /// &gt;=5000 no)
    /// </summary>
    public static bool IsValidOnWire(int code) => code switch
    {
        >= NormalClosure and <= UnsupportedData => true,
        >= InvalidPayload and <= BadGateway => true,
        >= FirstPrivateUseCode and <= LastPrivateUseCode => true,
        _ => false,
    };
}

/// <summary>What a Close frame body said, and what was wrong with it.</summary>
/// <param name="Code">The status code, or null for an empty (or 1-byte) body.</param>
/// <param name="Reason">The reason bytes after the code (raw; may be invalid UTF-8).</param>
/// <param name="Violations">Rule breaks found in the body; empty if it is well formed.</param>
public readonly record struct CloseBodyInfo(ushort? Code, ReadOnlyMemory<byte> Reason, IReadOnlyList<Violation> Violations);

/// <summary>Parses and builds RFC 6455 §5.5.1 Close frame bodies: an optional 2-byte code, then a UTF-8 reason.</summary>
public static class CloseBody
{
    /// <summary>Size of the big-endian status code that starts a non-empty body.</summary>
    public const int CodeLength = sizeof(ushort);

    /// <summary>Parses a complete Close body; never throws.</summary>
    public static CloseBodyInfo Parse(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return new CloseBodyInfo(null, ReadOnlyMemory<byte>.Empty, []);
        }

        if (body.Length < CodeLength)
        {
            Violation oneByte = FrameViolations.CloseBodyOneByte(body.Span[0]);
            return new CloseBodyInfo(null, ReadOnlyMemory<byte>.Empty, [oneByte]);
        }

        ushort code = BinaryPrimitives.ReadUInt16BigEndian(body.Span);
        ReadOnlyMemory<byte> reason = body[CodeLength..];
        List<Violation>? violations = null;
        if (!CloseCodes.IsValidOnWire(code))
        {
            (violations ??= []).Add(FrameViolations.InvalidCloseCode(code));
        }

        var utf8 = default(Utf8StreamValidator);
        if (utf8.Feed(reason.Span) != Utf8State.Valid)
        {
            (violations ??= []).Add(utf8.State == Utf8State.Invalid
                ? FrameViolations.InvalidCloseReasonUtf8(utf8.FailureOffset)
                : FrameViolations.CloseReasonEndsInsideCodePoint());
        }

        return new CloseBodyInfo(code, reason, violations ?? (IReadOnlyList<Violation>)[]);
    }

    /// <summary>Builds a body from a code and raw reason bytes (not validated, so it can lie).</summary>
    public static byte[] Build(ushort code, ReadOnlySpan<byte> reason)
    {
        var body = new byte[CodeLength + reason.Length];
        BinaryPrimitives.WriteUInt16BigEndian(body, code);
        reason.CopyTo(body.AsSpan(CodeLength));
        return body;
    }
}
