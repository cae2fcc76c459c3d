using WsConformance.Protocol.Handshake;

namespace WsConformance.Fuzzing.Targets;

/// <summary>
/// The kinds of disagreement between Kestrel's request parser and ours that the kestrel-upgrade target has found, each
/// triaged in fuzz/findings/README.md; a kind not seen before is named after the two statuses.
/// </summary>
public static class KestrelDisagreements
{
    /// <summary>
    /// Category of a finding: Kestrel rejects HTTP/1.2 to HTTP/1.9, which RFC 9110 §2.5 says a recipient SHOULD process
    /// as the highest 1.x it implements; see fuzz/findings/README.md.
    /// </summary>
    public const string KestrelRejectsMinorVersion = "kestrel-rejects-higher-minor-version";

    /// <summary>
    /// Category of a finding: Kestrel rejects a request line that we accept (other than for its version). The first one,
    /// the target "?a" (no request-target form of RFC 9112 §3.2), was our bug and is fixed; see fuzz/findings/README.md.
    /// </summary>
    public const string KestrelRejectsRequestLine = "kestrel-rejects-request-line-we-accept";

    /// <summary>
    /// Category of a finding: Kestrel's parser accepts a request line we reject, e.g. a control character in the target
    /// or no SP before the version; see fuzz/findings/README.md.
    /// </summary>
    public const string KestrelAcceptsRequestLine = "kestrel-accepts-request-line-we-reject";

    /// <summary>
    /// Category of a finding: Kestrel's parser hands its handler a field name that is not a token (RFC 9110 §5.1:
    /// field-name = token), e.g. a NUL; we reject the request; see fuzz/findings/README.md.
    /// </summary>
    public const string KestrelAcceptsFieldNameThatIsNoToken = "kestrel-accepts-field-name-that-is-no-token";

    /// <summary>
    /// Category of a finding: Kestrel's parser hands its handler a field line holding a NUL, which RFC 9110 §5.5 says a
    /// recipient MUST reject or replace with SP; Kestrel's connection then rejects it (400), we reject it at once.
    /// </summary>
    public const string KestrelParserAcceptsNul = "kestrel-parser-accepts-nul-in-field-line";

    internal const string Http10 = "HTTP/1.0";
    internal const string Http11 = "HTTP/1.1";
    private const byte Nul = 0x00;
    private static readonly byte[] RequestLineEnd = "\r\n"u8.ToArray();

    /// <summary>The kind of a disagreement <see cref="RequestLatitude"/> does not explain.</summary>
    internal static string Categorize(ReadOnlySpan<byte> input, UpgradeRequestView ours, UpgradeRequestView theirs)
    {
        (RequestStatus ourLine, RequestStatus theirLine) = RequestLineAlone(input);
        return KestrelRejectsHigherMinorVersion(ours, theirs) ? KestrelRejectsMinorVersion
            : theirs.Status == RequestStatus.Invalid && ourLine == RequestStatus.Complete && theirLine == RequestStatus.Invalid ? KestrelRejectsRequestLine
            : ours.Status == RequestStatus.Invalid && ourLine == RequestStatus.Invalid && theirLine == RequestStatus.Complete ? KestrelAcceptsRequestLine
            : ours.Status == RequestStatus.Invalid && HasFieldNameThatIsNoToken(input) ? KestrelAcceptsFieldNameThatIsNoToken
            : ours.Status == RequestStatus.Invalid && FieldLines(input).Contains(Nul) ? KestrelParserAcceptsNul
            : $"ours-{ours.Status}-kestrel-{theirs.Status}".ToLowerInvariant();
    }

    /// <summary>We parsed a request of version 1.2 to 1.9 that Kestrel rejected; the rest of the request may be anything.</summary>
    private static bool KestrelRejectsHigherMinorVersion(UpgradeRequestView ours, UpgradeRequestView theirs) =>
        ours.Status == RequestStatus.Complete && theirs.Status == RequestStatus.Invalid
        && ours.Version.StartsWith(RequestLatitude.Http1Prefix, StringComparison.Ordinal) && ours.Version is not Http10 and not Http11;

    /// <summary>How both parsers judge the first line alone (up to its LF, ended by CRLF) as a request without fields.</summary>
    private static (RequestStatus Ours, RequestStatus Theirs) RequestLineAlone(ReadOnlySpan<byte> input)
    {
        int lineEnd = input.IndexOf(HttpSyntax.LineFeed);
        if (lineEnd < 0)
        {
            return (RequestStatus.NeedMoreData, RequestStatus.NeedMoreData);
        }

        byte[] lineAlone = [.. input[..lineEnd].TrimEnd(HttpSyntax.CarriageReturn), .. RequestLineEnd, .. RequestLineEnd];
        return (KestrelTargets.ParseOurs(lineAlone).Status, KestrelTargets.ParseKestrel(lineAlone).View.Status);
    }

    /// <summary>A line of the header block (a bare LF ends one too) whose part before the colon is not a token.</summary>
    private static bool HasFieldNameThatIsNoToken(ReadOnlySpan<byte> input)
    {
        ReadOnlySpan<byte> fieldLines = FieldLines(input);
        foreach (Range line in fieldLines.Split(HttpSyntax.LineFeed))
        {
            ReadOnlySpan<byte> text = fieldLines[line].TrimEnd(HttpSyntax.CarriageReturn);
            if (text.IsEmpty)
            {
                return false;
            }

            int colon = text.IndexOf(HttpSyntax.Colon);
            if (colon > 0 && !HttpSyntax.IsToken(text[..colon]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Everything after the first LF.</summary>
    private static ReadOnlySpan<byte> FieldLines(ReadOnlySpan<byte> input) => input[(input.IndexOf(HttpSyntax.LineFeed) + 1)..];
}
