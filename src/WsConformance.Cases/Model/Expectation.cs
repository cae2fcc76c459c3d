namespace WsConformance.Cases.Model;

/// <summary>What a case accepts and how it grades what happened.</summary>
/// <param name="Alternatives">Accepted event sequences, each with the verdict it earns; compared in order, exactly.</param>
/// <param name="Close">How the connection must end.</param>
/// <param name="ForcedVerdict">Set for cases whose outcome the RFC leaves open (Autobahn 7.1.6, 7.13.x): both verdicts become this.</param>
/// <param name="HandshakeAlternatives">For handshake cases: accepted HTTP responses; null means "a correct 101 is required".</param>
/// <param name="WorstVerdict">
/// <c>worst_verdict:</c> in the case file: the worst verdict the case gives, or null to follow its requirement's level
/// (<see cref="CaseDefinition.WorstVerdict"/>).
/// </param>
public sealed record Expectation(
    IReadOnlyList<EventAlternative> Alternatives,
    CloseExpectation Close,
    Verdict? ForcedVerdict,
    IReadOnlyList<HandshakeAlternative>? HandshakeAlternatives,
    Verdict? WorstVerdict = null);

/// <summary>One accepted sequence of observed events.</summary>
public sealed record EventAlternative(Verdict Verdict, IReadOnlyList<ExpectedEvent> Events);

/// <summary>An event the harness observes and compares.</summary>
public abstract record ExpectedEvent;

/// <summary>A data message. Either exact content, or (for bulk cases) only type and length.</summary>
/// <param name="Opcode">1 text, 2 binary.</param>
/// <param name="Content">Exact payload, or null to compare the length only.</param>
/// <param name="Length">Expected length when <paramref name="Content"/> is null.</param>
/// <param name="Count">How many such messages in a row (9.7/9.8: 1000); pings from the server between more than one are not compared.</param>
public sealed record ExpectedMessage(byte Opcode, PayloadSpec? Content, long Length, int Count = 1) : ExpectedEvent;

/// <summary>
/// <paramref name="Count"/> data messages in a row, the <c>i</c>-th equal in type, length and content (SHA-1 when the
/// content is not kept) to slice <c>i</c> of <paramref name="Slices"/>: the echoes of an <c>echo_rounds</c> step over a data set.
/// Pings from the server between them are not compared (Autobahn judges these cases by the echoes alone).
/// </summary>
public sealed record ExpectedSlices(byte Opcode, DataSlices Slices, int Count) : ExpectedEvent;

/// <summary>A pong with exactly this payload.</summary>
public sealed record ExpectedPong(PayloadSpec Payload) : ExpectedEvent;

/// <summary>A ping from the server with exactly this payload.</summary>
public sealed record ExpectedPing(PayloadSpec Payload) : ExpectedEvent;

/// <summary>A pause step with this tag ran to its end while the connection was still open.</summary>
public sealed record ExpectedTimeout(string Tag) : ExpectedEvent;

/// <summary>Who must start the closing handshake (Autobahn's <c>closedByMe</c>).</summary>
public enum Closer
{
    /// <summary>The harness closes (echo cases, close-handling cases).</summary>
    Harness,

    /// <summary>
    /// The endpoint under test must fail the connection (protocol errors): the server under <c>wsconf run</c>,
    /// the client under <c>wsconf serve</c>. Case files call it <c>server</c> (or <c>peer</c>).
    /// </summary>
    Peer,
}

/// <summary>Autobahn's <c>expectedClose</c>.</summary>
/// <param name="ClosedBy">Which endpoint must send the first Close.</param>
/// <param name="Codes">Close codes the server may send; an absent code is always accepted.</param>
/// <param name="RequireClean">The full closing handshake must happen and the server must drop TCP.</param>
/// <param name="WrongCodeFails">A wrong close code makes the case FAILED (Autobahn section 7).</param>
/// <param name="WrongCloserFails">The harness having to close makes the case FAILED (Autobahn's UTF-8 cases).</param>
/// <param name="NothingAfterClose">Any frame the server sends after its own Close makes the case FAILED (RFC 6455 §5.5.1).</param>
/// <param name="WrongCloserNonStrict">The harness having to close makes a passing case NON-STRICT: the server did not act
/// on the frame but did not process it either (a server waiting for the mask key of an unmasked frame).</param>
public sealed record CloseExpectation(
    Closer ClosedBy,
    IReadOnlyList<int> Codes,
    bool RequireClean,
    bool WrongCodeFails,
    bool WrongCloserFails,
    bool NothingAfterClose = false,
    bool WrongCloserNonStrict = false);
