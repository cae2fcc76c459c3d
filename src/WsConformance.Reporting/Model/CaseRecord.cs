namespace WsConformance.Reporting.Model;

/// <summary>One case against one target: what it checks, what it expected, what happened and the verdicts.</summary>
/// <param name="AutobahnCase">1-based position of <paramref name="AutobahnId"/> in Autobahn's full 517-case list.</param>
/// <param name="Reason">Why <paramref name="Behavior"/> (Autobahn's <c>result</c>).</param>
/// <param name="ReasonClose">Why <paramref name="BehaviorClose"/> (Autobahn's <c>resultClose</c>).</param>
/// <param name="Slow">The server answered correctly, but only after a timer ran out.</param>
/// <param name="PayloadsLogged">False for bulk cases (section 9): the wire log then holds lengths, no payload bytes.</param>
/// <param name="WireLogDropped">Wire-log rows not kept because the log was full.</param>
/// <param name="Judgement">The same verdicts and reasons as a structure, with requirement, expected and actual; null in older reports.</param>
/// <param name="Confirmation">Set when a timer decided the case's first, concurrent outcome and the case was run again against an otherwise idle server.</param>
public sealed record CaseRecord(
    string Id,
    string? AutobahnId,
    int? AutobahnCase,
    string Section,
    string Title,
    string Agent,
    RequirementRecord Requirement,
    ExpectationRecord Expected,
    string Behavior,
    string BehaviorClose,
    string Reason,
    string ReasonClose,
    bool Slow,
    DateTimeOffset Started,
    double DurationMs,
    CloseRecordJson? Close,
    HandshakeRecord Handshake,
    IReadOnlyList<EventRecord> Events,
    StatisticsRecord Statistics,
    bool PayloadsLogged,
    int WireLogDropped,
    IReadOnlyList<WireRow> WireLog,
    ConfirmationRecord? Confirmation = null,
    JudgementRecord? Judgement = null);

/// <summary>
/// A case confirmed against an otherwise idle server because a timer decided its first, concurrent outcome. The
/// case's verdicts are the confirmation's; <paramref name="Flaky"/> when the first outcome was another, i.e. the load's.
/// </summary>
public sealed record ConfirmationRecord(bool Flaky, string FirstBehavior, string FirstBehaviorClose, string FirstReason);

/// <summary>The RFC sentence a case checks.</summary>
/// <param name="Level">MUST, SHOULD or MAY.</param>
public sealed record RequirementRecord(string Rfc, string Section, string Level, string Text);

/// <summary>What the case accepts: event sequences with their verdicts, the close rules, accepted handshake answers.</summary>
/// <param name="Forced">Set for cases whose outcome the RFC leaves open: both verdicts become this.</param>
/// <param name="Handshake">For handshake cases: accepted answers in words; null when a correct 101 is required.</param>
public sealed record ExpectationRecord(
    IReadOnlyList<AlternativeRecord> Alternatives,
    CloseExpectationRecord Close,
    string? Forced,
    IReadOnlyList<string>? Handshake);

/// <summary>One accepted event sequence, in words, and the verdict it earns.</summary>
public sealed record AlternativeRecord(string Behavior, IReadOnlyList<string> Events);

/// <summary>Autobahn's <c>expectedClose</c>, plus our own rules.</summary>
/// <param name="ClosedBy">"harness" or "server": who must send the first Close.</param>
/// <param name="Codes">Close codes the server may send (an absent code is always accepted).</param>
public sealed record CloseExpectationRecord(
    string ClosedBy,
    IReadOnlyList<int> Codes,
    bool RequireClean,
    bool WrongCodeFails,
    bool WrongCloserFails,
    bool NothingAfterClose);

/// <summary>How the connection ended (Autobahn's per-case close fields).</summary>
/// <param name="ClosedBy">"harness" or "server": who sent the first Close.</param>
public sealed record CloseRecordJson(
    string ClosedBy,
    bool ClosedByMe,
    bool FailedByMe,
    bool DroppedByMe,
    bool WasClean,
    string? WasNotCleanReason,
    bool WasCloseHandshakeTimeout,
    bool WasServerConnectionDropTimeout,
    int? LocalCloseCode,
    string? LocalCloseReason,
    int? RemoteCloseCode,
    string? RemoteCloseReason,
    int FramesAfterServerClose);

/// <summary>The raw opening handshake.</summary>
/// <param name="Response">Null when no response arrived.</param>
public sealed record HandshakeRecord(string Request, string? Response);

/// <summary>Something the server did that the expectation compares against, in words.</summary>
public sealed record EventRecord(double AtMs, string Description, bool AfterServerClose);

/// <summary>Octet and frame counts per direction.</summary>
/// <param name="SentOctets">Write size → how many writes had it.</param>
/// <param name="SentFrames">Opcode → frame count.</param>
public sealed record StatisticsRecord(
    long SentBytes,
    long ReceivedBytes,
    IReadOnlyDictionary<int, int> SentOctets,
    IReadOnlyDictionary<int, int> ReceivedOctets,
    IReadOnlyDictionary<int, int> SentFrames,
    IReadOnlyDictionary<int, int> ReceivedFrames);
