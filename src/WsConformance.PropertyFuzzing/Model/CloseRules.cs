using WsConformance.Cases.Model;
using WsConformance.Protocol;

namespace WsConformance.PropertyFuzzing.Model;

/// <summary>How the connection must end, per kind of conversation, as the catalog section for that rule grades it.</summary>
internal static class CloseRules
{
    /// <summary>The first code Autobahn (7.13) treats as outside every range the RFC defines.</summary>
    private const int FirstUndefinedCode = 5000;

    /// <summary>No fault and no close from the client: the harness closes with 1000 once the echoes are in (sections 1, 2, 5, 6).</summary>
    public static CloseExpectation Clean(ModelOptions options) =>
        new(Closer.Harness, [CloseCodes.NormalClosure], RequireClean: true, WrongCodeFails(clientCloses: false, options), WrongCloserFails: false,
            options.NothingAfterClose);

    /// <summary>
    /// The client started the closing handshake (section 7): a valid body is answered with 1000 or its code and a
    /// clean close; a malformed one (1 byte, invalid code, over-long, invalid UTF-8 reason) with 1002 (or 1007).
    /// </summary>
    public static (CloseExpectation Close, Verdict? Forced) ClientClose(byte[] body, ModelOptions options)
    {
        if (body.Length > FrameHeader.MaxShortLength)
        {
            return (Malformed([CloseCodes.ProtocolError], options), null);
        }

        var parsed = CloseBody.Parse(body);
        if (parsed.Code is { } undefined && undefined >= FirstUndefinedCode)
        {
            // 7.13: the RFC leaves codes outside every range open, so the outcome is only informational.
            var close = new CloseExpectation(Closer.Harness, [CloseCodes.NormalClosure, undefined, CloseCodes.ProtocolError],
                RequireClean: false, WrongCodeFails: false, WrongCloserFails: false, options.NothingAfterClose);
            return (close, Verdict.Informational);
        }

        if (parsed.Violations.Any(v => v.Code == ViolationCode.InvalidCloseReasonUtf8) && parsed.Violations.Count == 1)
        {
            return (Malformed([CloseCodes.ProtocolError, CloseCodes.InvalidPayload], options), null);
        }

        if (parsed.Violations.Count > 0)
        {
            return (Malformed([CloseCodes.ProtocolError], options), null);
        }

        int[] codes = parsed.Code is { } code ? [CloseCodes.NormalClosure, code] : [CloseCodes.NormalClosure];
        return (new CloseExpectation(Closer.Harness, [.. codes.Distinct()], RequireClean: true, WrongCodeFails(clientCloses: true, options),
            WrongCloserFails: false, options.NothingAfterClose), null);
    }

    /// <summary>
    /// The client broke a rule: the server must fail the connection. Invalid UTF-8 (section 6), unmasked frames
    /// (masking) and lengths with the top bit set (length) are FAILED when the server never does; for the other
    /// faults Autobahn (sections 2–5) grades only the events unless <see cref="ModelOptions.ServerMustActOnEveryFault"/>.
    /// A wrong code is never fatal here: the fault is what is tested, not the Close it provokes.
    /// </summary>
    public static CloseExpectation ServerFails(ClientFault fault, ModelOptions options)
    {
        var codes = fault.Violations.Select(CodeFor).SelectMany(c => c).Distinct().Order().ToList();
        var unmasked = fault.Has(ViolationCode.UnmaskedClientFrame);
        var lengthBit = fault.Has(ViolationCode.LengthMostSignificantBitSet);
        var utf8 = fault.Has(ViolationCode.InvalidTextUtf8);

        // A server that reads the 4 key bytes before it looks at the MASK bit waits for bytes that never come:
        // it has not processed the frame, but not failed the connection either (masking.2-5, masking.8).
        var waitsForKey = unmasked && fault.BytesAfterHeader < Masking.KeyLength;
        var mustAct = utf8 || lengthBit || (unmasked && !waitsForKey) || (options.ServerMustActOnEveryFault && !waitsForKey);
        return new CloseExpectation(Closer.Peer, codes, RequireClean: false, WrongCodeFails: false, WrongCloserFails: mustAct,
            NothingAfterClose: options.NothingAfterClose || unmasked || lengthBit, WrongCloserNonStrict: waitsForKey);
    }

    private static CloseExpectation Malformed(int[] codes, ModelOptions options) =>
        new(Closer.Harness, codes, RequireClean: false, WrongCodeFails(clientCloses: true, options), WrongCloserFails: false, options.NothingAfterClose);

    /// <summary>
    /// Whether a wrong close code makes the conversation FAILED, or is only reported on the close axis (Autobahn's
    /// behaviorClose WRONG CODE). The code of a Close that merely ends a conversation about something else is not
    /// what is tested: RFC 6455 §7.1.5 makes it information for the peer, and §5.5.1 asks only that the answer to a
    /// Close "typically echos the status code it received". Where the closing handshake itself is tested, a code
    /// that contradicts the Close it answers (1000 or the client's code for a valid body, §5.5.1; 1002 or 1007 for a
    /// malformed one, §7.4.1 and §8.1) is a failure of exactly what is tested. Which Close is tested is a property of
    /// the test, not of the bytes: Autobahn's 7.1.1 and 1.1.x send the same conversation (a text message, then the
    /// harness's Close after the echo) and only 7.1.1 fails a wrong code; 2.7 (a pong, then the client's Close 1000)
    /// and 7.3.3 (the client's Close 1000) differ the same way. Hence <see cref="ModelOptions.CloseUnderTest"/>:
    /// Autobahn's section 7 tests every Close, its other sections and the after-close section none, and the fuzzer
    /// the client's Close, which it generates exactly to test it.
    /// </summary>
    private static bool WrongCodeFails(bool clientCloses, ModelOptions options) => options.CloseUnderTest switch
    {
        CloseUnderTest.EveryClose => true,
        CloseUnderTest.ClientClose => clientCloses,
        _ => false,
    };

    private static int[] CodeFor(Violation violation) => violation.Code switch
    {
        ViolationCode.InvalidTextUtf8 or ViolationCode.InvalidCloseReasonUtf8 => [CloseCodes.InvalidPayload],

        // §10.4: a server that reads 2^63 + n as a length and refuses it by its size limit has failed the connection too.
        ViolationCode.LengthMostSignificantBitSet => [CloseCodes.ProtocolError, CloseCodes.MessageTooBig],
        _ => [CloseCodes.ProtocolError],
    };
}
