using System.Buffers;

namespace WsConformance.Fuzzing.Targets;

/// <summary>Disagreements between our request parser and Kestrel's that RFC 9110/9112 allow: both parsers are right.</summary>
internal static class RequestLatitude
{
    private const byte CarriageReturn = (byte)'\r';
    private const byte LineFeed = (byte)'\n';

    /// <summary>HTTP-version of major version 1 (RFC 9112 §2.3: "HTTP/" DIGIT "." DIGIT).</summary>
    internal const string Http1Prefix = "HTTP/1.";

    /// <summary>Ends the line and the header block for a parser still waiting on an incomplete one.</summary>
    private static readonly byte[] BlockEnd = "\r\n\r\n"u8.ToArray();

    /// <summary>True when the difference between <paramref name="ours"/> and <paramref name="theirs"/> is one the RFCs allow.</summary>
    public static bool Explains(ReadOnlySpan<byte> input, UpgradeRequestView ours, UpgradeRequestView theirs) =>
        JudgedAtDifferentTimes(input, ours, theirs) || AcceptsBareLineFeeds(input, ours, theirs) || RejectsOtherMajorVersion(ours, theirs);

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
    /// "Although the line terminator for the start-line and fields is the sequence CRLF, a recipient MAY recognize a
    /// single LF as a line terminator and ignore any preceding CR." (RFC 9112 §2.2) Kestrel does, we do not (we test
    /// peers): a rejection of ours is theirs when every bare LF is written as CRLF.
    /// </summary>
    private static bool AcceptsBareLineFeeds(ReadOnlySpan<byte> input, UpgradeRequestView ours, UpgradeRequestView theirs)
    {
        if (ours.Status != RequestStatus.Invalid || theirs.Status == RequestStatus.Invalid || !input.Contains(LineFeed))
        {
            return false;
        }

        byte[] crlf = ArrayPool<byte>.Shared.Rent(2 * input.Length);
        try
        {
            int length = 0;
            for (int index = 0; index < input.Length; index++)
            {
                if (input[index] == LineFeed && (index == 0 || input[index - 1] != CarriageReturn))
                {
                    crlf[length++] = CarriageReturn;
                }

                crlf[length++] = input[index];
            }

            return KestrelTargets.ParseOurs(crlf.AsSpan(0, length)) == theirs;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(crlf);
        }
    }
}
