using System.Buffers;

namespace WsConformance.Fuzzing.Targets;

/// <summary>Disagreements between our request parser and Kestrel's that RFC 9110/9112 allow: both parsers are right.</summary>
internal static class RequestLatitude
{
    private const byte CarriageReturn = (byte)'\r';
    private const byte LineFeed = (byte)'\n';
    private const byte Space = (byte)' ';
    private const byte HorizontalTab = (byte)'\t';
    private const byte Nul = 0x00;
    private const byte Delete = 0x7F;

    /// <summary>HTTP-version of major version 1 (RFC 9112 §2.3: "HTTP/" DIGIT "." DIGIT).</summary>
    internal const string Http1Prefix = "HTTP/1.";

    /// <summary>Ends the line and the header block for a parser still waiting on an incomplete one.</summary>
    private static readonly byte[] BlockEnd = "\r\n\r\n"u8.ToArray();

    /// <summary>True when the difference between <paramref name="ours"/> and <paramref name="theirs"/> is one the RFCs allow.</summary>
    public static bool Explains(ReadOnlySpan<byte> input, UpgradeRequestView ours, UpgradeRequestView theirs) =>
        JudgedAtDifferentTimes(input, ours, theirs) || AgreesWithoutLatitude(input, ours, theirs) || RejectsOtherMajorVersion(ours, theirs);

    /// <summary>
    /// One parser rejects a line before its end (Kestrel: a CR not followed by LF), the other waits for the LF and
    /// then rejects it. Neither RFC 9112 nor RFC 9110 says how early a recipient must judge a partly received line.
    /// </summary>
    private static bool JudgedAtDifferentTimes(ReadOnlySpan<byte> input, UpgradeRequestView ours, UpgradeRequestView theirs) =>
        (ours.Status, theirs.Status) switch
        {
            (RequestStatus.NeedMoreData, RequestStatus.Invalid) => KestrelTargets.ParseOurs([.. input, .. BlockEnd]).Status == RequestStatus.Invalid,
            (RequestStatus.Invalid, RequestStatus.NeedMoreData) => KestrelTargets.ParseKestrel([.. input, .. BlockEnd]).View.Status == RequestStatus.Invalid,
            _ => false,
        };

    /// <summary>
    /// A server may refuse a major version it does not implement: "The 505 (HTTP Version Not Supported) status code
    /// indicates that the server does not support, or refuses to support, the major version of HTTP that was used in
    /// the request message." (RFC 9110 §15.6.6) Kestrel implements 1.x only over HTTP/1.1 framing.
    /// </summary>
    private static bool RejectsOtherMajorVersion(UpgradeRequestView ours, UpgradeRequestView theirs) =>
        ours.Status == RequestStatus.Complete && theirs.Status == RequestStatus.Invalid && !ours.Version.StartsWith(Http1Prefix, StringComparison.Ordinal);

    /// <summary>
    /// Our parser rejected what Kestrel's did not, and both agree once the input is rewritten to leave out two
    /// choices the RFCs give a recipient:
    /// "Although the line terminator for the start-line and fields is the sequence CRLF, a recipient MAY recognize a
    /// single LF as a line terminator and ignore any preceding CR." (RFC 9112 §2.2): Kestrel does, we do not (we test
    /// peers), so every bare LF becomes CRLF.
    /// "Field values containing other CTL characters are also invalid; however, recipients MAY retain such characters
    /// for the sake of robustness when they appear within a safe context" (RFC 9110 §5.5, "other" than CR, LF and
    /// NUL): Kestrel's parser keeps them, we reject them, so every such octet after the request line becomes SP.
    /// </summary>
    private static bool AgreesWithoutLatitude(ReadOnlySpan<byte> input, UpgradeRequestView ours, UpgradeRequestView theirs)
    {
        if (ours.Status != RequestStatus.Invalid || theirs.Status == RequestStatus.Invalid)
        {
            return false;
        }

        byte[] rewritten = ArrayPool<byte>.Shared.Rent(2 * input.Length);
        try
        {
            int length = WithoutLatitude(input, rewritten);
            UpgradeRequestView kestrel = KestrelTargets.ParseKestrel(rewritten.AsSpan(0, length)).View;
            return kestrel.Status == theirs.Status && KestrelTargets.ParseOurs(rewritten.AsSpan(0, length)) == kestrel;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rewritten);
        }
    }

    /// <summary>Writes <paramref name="input"/> to <paramref name="output"/> with bare LFs as CRLF and tolerated CTLs of field lines as SP.</summary>
    private static int WithoutLatitude(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int length = 0;
        bool inFieldLines = false;
        for (int index = 0; index < input.Length; index++)
        {
            byte value = input[index];
            if (value == LineFeed && (index == 0 || input[index - 1] != CarriageReturn))
            {
                output[length++] = CarriageReturn;
            }

            bool toleratedControl = inFieldLines && (value is < Space or Delete) && value is not (Nul or HorizontalTab or CarriageReturn or LineFeed);
            output[length++] = toleratedControl ? Space : value;
            inFieldLines |= value == LineFeed;
        }

        return length;
    }
}
