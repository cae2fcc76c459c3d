namespace WsConformance.Protocol;

/// <summary>How bad a <see cref="Violation"/> is.</summary>
public enum ViolationSeverity
{
    /// <summary>A MUST of RFC 6455 is broken; a conforming peer fails the connection.</summary>
    Error,

    /// <summary>Worth reporting, but peers are not required to fail the connection for it.</summary>
    Note,
}

/// <summary>The kinds of rule breaks <see cref="FrameValidator"/> and <see cref="CloseBody"/> report.</summary>
public enum ViolationCode
{
    /// <summary>An RSV bit is set that no negotiated extension defines (§5.2).</summary>
    ReservedBitsSet,

    /// <summary>Opcode 3-7 or 11-15 (§5.2).</summary>
    ReservedOpcode,

    /// <summary>A client sent a frame without the MASK bit (§5.1, §5.3).</summary>
    UnmaskedClientFrame,

    /// <summary>A server sent a frame with the MASK bit (§5.1).</summary>
    MaskedServerFrame,

    /// <summary>A control frame declared more than 125 payload bytes (§5.5).</summary>
    ControlFrameTooLong,

    /// <summary>A control frame had FIN = 0 (§5.5).</summary>
    FragmentedControlFrame,

    /// <summary>The 64-bit length had its most significant bit set (§5.2).</summary>
    LengthMostSignificantBitSet,

    /// <summary>A 16- or 64-bit length form carried a length that fits a smaller form (§5.2).</summary>
    NonMinimalLength,

    /// <summary>A continuation frame arrived with no fragmented message in progress (§5.4).</summary>
    ContinuationWithoutMessage,

    /// <summary>A text or binary frame arrived while a fragmented message was in progress (§5.4).</summary>
    DataFrameInsideFragmentedMessage,

    /// <summary>A Close body of exactly one byte (§5.5.1: a body starts with a 2-byte code).</summary>
    CloseBodyOneByte,

    /// <summary>A close code that may not appear on the wire (§7.4).</summary>
    InvalidCloseCode,

    /// <summary>A close reason that is not valid UTF-8 (§5.5.1).</summary>
    InvalidCloseReasonUtf8,

    /// <summary>A text message that is not valid UTF-8 (§8.1).</summary>
    InvalidTextUtf8,

    /// <summary>A frame declared more payload than the configured frame limit (§10.4).</summary>
    FrameTooLarge,

    /// <summary>A message grew beyond the configured message limit (§10.4).</summary>
    MessageTooLarge,

    /// <summary>A frame followed this endpoint's Close frame (§5.5.1: no data after Close).</summary>
    FrameAfterClose,
}

/// <summary>One rule break, as data: which rule, where the RFC states it, and what was seen.</summary>
/// <remarks>
/// The validator reports violations on every frame it is given, and most are never shown (a fuzzer checks only
/// codes, a judge often only the first one). So the codec's own violations keep the values they describe and
/// build <see cref="Detail"/> on first use, instead of formatting a sentence per violation on the hot path.
/// Equality, hashing and <c>ToString</c> are those of a positional record of the four properties.
/// </remarks>
public sealed record Violation
{
    private readonly DetailTemplate _template;
    private readonly ulong _first;
    private readonly ulong _second;
    private string? _detail;

    /// <summary>A violation with a ready-made detail text.</summary>
    /// <param name="code">The kind of violation.</param>
    /// <param name="rfcSection">The RFC 6455 section stating the rule, e.g. "5.2".</param>
    /// <param name="detail">What exactly was wrong, for humans.</param>
    /// <param name="severity">Error for a broken MUST, Note for a softer issue.</param>
    public Violation(ViolationCode code, string rfcSection, string detail, ViolationSeverity severity = ViolationSeverity.Error)
    {
        ArgumentNullException.ThrowIfNull(detail);
        Code = code;
        RfcSection = rfcSection;
        Severity = severity;
        _detail = detail;
    }

    /// <summary>A violation whose detail is <paramref name="template"/> filled with two values when first read.</summary>
    internal Violation(
        ViolationCode code, string rfcSection, DetailTemplate template, ulong first = 0, ulong second = 0, ViolationSeverity severity = ViolationSeverity.Error)
    {
        Code = code;
        RfcSection = rfcSection;
        Severity = severity;
        _template = template;
        _first = first;
        _second = second;
    }

    /// <summary>The kind of violation.</summary>
    public ViolationCode Code { get; init; }

    /// <summary>The RFC 6455 section stating the rule, e.g. "5.2".</summary>
    public string RfcSection { get; init; }

    /// <summary>What exactly was wrong, for humans.</summary>
    public string Detail
    {
        get => _detail ??= FrameViolations.Describe(_template, _first, _second);
        init => _detail = value;
    }

    /// <summary>Error for a broken MUST, Note for a softer issue.</summary>
    public ViolationSeverity Severity { get; init; }

    /// <summary>Deconstructs into the four properties, like a positional record.</summary>
    public void Deconstruct(out ViolationCode code, out string rfcSection, out string detail, out ViolationSeverity severity) =>
        (code, rfcSection, detail, severity) = (Code, RfcSection, Detail, Severity);

    /// <inheritdoc />
    public bool Equals(Violation? other) =>
        ReferenceEquals(this, other)
        || (other is not null && Code == other.Code && Severity == other.Severity
            && string.Equals(RfcSection, other.RfcSection, StringComparison.Ordinal) && string.Equals(Detail, other.Detail, StringComparison.Ordinal));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Code, RfcSection, Detail, Severity);
}
