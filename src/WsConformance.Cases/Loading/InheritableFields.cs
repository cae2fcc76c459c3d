using WsConformance.Cases.Model;

namespace WsConformance.Cases.Loading;

/// <summary><c>fail_after</c> at case or file level: a duration, or <c>none</c> (<see cref="After"/> null) to add no final step.</summary>
internal readonly record struct FailAfterSetting(TimeSpan? After);

/// <summary><c>compression</c> at case or file level: offers, or <c>none</c> (<see cref="Negotiation"/> null) to offer nothing.</summary>
internal readonly record struct CompressionSetting(CompressionNegotiation? Negotiation);

/// <summary>
/// The fields a case may inherit from its file's <c>defaults</c>, as read (null = not set). The case's own
/// value replaces the default as a whole: fields are not merged key by key.
/// </summary>
internal sealed record InheritableFields(
    Requirement? Rfc,
    IReadOnlyList<Step>? Steps,
    bool? Bulk,
    IReadOnlyList<EventAlternative>? Expect,
    CloseExpectation? Close,
    Verdict? Verdict,
    Verdict? WorstVerdict,
    HandshakeOverrides? Handshake,
    IReadOnlyList<HandshakeAlternative>? ExpectHandshake,
    FailAfterSetting? FailAfter,
    CompressionSetting? Compression,
    ResponseOverrides? Response,
    BrowserLimit? BrowserLimit,
    Http2Overrides? Http2 = null)
{
    public static InheritableFields None { get; } = new(null, null, null, null, null, null, null, null, null, null, null, null, null);

    public InheritableFields Over(InheritableFields defaults) => new(
        Rfc ?? defaults.Rfc,
        Steps ?? defaults.Steps,
        Bulk ?? defaults.Bulk,
        Expect ?? defaults.Expect,
        Close ?? defaults.Close,
        Verdict ?? defaults.Verdict,
        WorstVerdict ?? defaults.WorstVerdict,
        Handshake ?? defaults.Handshake,
        ExpectHandshake ?? defaults.ExpectHandshake,
        FailAfter ?? defaults.FailAfter,
        Compression ?? defaults.Compression,
        Response ?? defaults.Response,
        BrowserLimit ?? defaults.BrowserLimit,
        Http2 ?? defaults.Http2);
}
