using System.Globalization;
using WsConformance.Cases.Model;
using WsConformance.PropertyFuzzing.Conversations;
using WsConformance.PropertyFuzzing.Model;
using WsConformance.Protocol;

namespace WsConformance.PropertyFuzzing.Running;

/// <summary>A conversation ready to run: the case the engine runs and what the model expects of it.</summary>
/// <param name="Case">The full case: every acceptable behaviour.</param>
/// <param name="FastCase">
/// The same steps with only the in-order alternative when the harness closes after the echoes: the engine closes as
/// soon as the events equal every alternative, so a single one lets it close at once instead of at the timer.
/// </param>
public sealed record PreparedConversation(Conversation Conversation, CaseDefinition Case, CaseDefinition FastCase, ModelOutcome Outcome);

/// <summary>Turns conversations into ordinary case definitions: the engine runs them like catalog cases.</summary>
public static class ConversationCases
{
    /// <summary>The fuzzer's case-file section.</summary>
    public const string Section = "fuzz";

    /// <summary>
    /// Timer after the last step (fail_after / close_after). The catalog's 6.5+ families use 500 ms; a conformant
    /// server acts within milliseconds, and a server that keeps waiting costs the run this timer and its grace.
    /// </summary>
    public static readonly TimeSpan EndTimer = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A clean conversation the server owes nothing for would leave the harness waiting for its timer, so it ends
    /// with the client's Close 1000 instead (as Autobahn 2.7 does).
    /// </summary>
    public static Conversation Completed(Conversation conversation, ModelOptions options)
    {
        var outcome = ReferenceModel.Expect(conversation, options);
        var owesNothing = outcome.Expectation is { Close.ClosedBy: Closer.Harness } expectation
            && !conversation.Actions.Any(a => a is CloseAction)
            && expectation.Alternatives.All(a => a.Events.Count == 0);
        return owesNothing ? new Conversation([.. conversation.Actions, new CloseAction(CloseBody.Build(CloseCodes.NormalClosure, []))]) : conversation;
    }

    /// <summary>Models and converts; null when the model declines the conversation.</summary>
    public static PreparedConversation? Prepare(Conversation conversation, string id, string title, ModelOptions options)
    {
        var completed = Completed(conversation, options);
        var outcome = ReferenceModel.Expect(completed, options);
        if (outcome.Expectation is not { } expectation)
        {
            return null;
        }

        var steps = Steps(completed, expectation);
        var definition = new CaseDefinition(id, null, Section, title, RequirementFor(outcome, completed), HandshakeOverrides.None, steps, expectation,
            BulkTraffic: false, SourceFile: string.Empty);
        var harnessClosesWhenDone = expectation.Close.ClosedBy == Closer.Harness && !completed.Actions.Any(a => a is CloseAction);
        var fast = harnessClosesWhenDone && expectation.Alternatives.Count > 1
            ? definition with { Expectation = expectation with { Alternatives = [expectation.Alternatives[0]] } }
            : definition;
        return new PreparedConversation(completed, definition, fast, outcome);
    }

    /// <summary>The steps: every action as it is, then the catalog's timer.</summary>
    public static IReadOnlyList<Step> Steps(Conversation conversation, Expectation expectation)
    {
        var steps = conversation.Actions.Select(ToStep).ToList();
        var harnessWaitsForEchoes = expectation.Close.ClosedBy == Closer.Harness && !conversation.Actions.Any(a => a is CloseAction);
        steps.Add(harnessWaitsForEchoes ? new CloseAfterStep(EndTimer) : new FailAfterStep(EndTimer));
        return steps;
    }

    private static Step ToStep(ClientAction action) => action switch
    {
        FrameAction frame => new SendFrameStep(frame.Opcode, frame.Fin, frame.Rsv, frame.Masked ? new Mask(MaskMode.Fixed, frame.MaskKey) : Mask.None,
            new BytesPayload(frame.Payload), frame.LengthMostSignificantBit ? frame.DeclaredLength : null,
            frame.WrittenLengthEncoding switch { LengthEncoding.Extended16 => LengthForm.Extended16, LengthEncoding.Extended64 => LengthForm.Extended64, _ => LengthForm.Minimal },
            new Transmission(frame.Chunking.ChopSize, frame.Chunking.FrameWise, null)),
        PauseAction pause => new PauseStep(TimeSpan.FromMilliseconds(pause.Milliseconds), pause.Tag),
        CloseAction close => new CloseStep(new BytesPayload(close.Body)),
        _ => throw new ArgumentException($"Unknown action {action.GetType().Name}.", nameof(action)),
    };

    /// <summary>The RFC sentence the conversation checks: its fault's, or the echo requirement.</summary>
    private static Requirement RequirementFor(ModelOutcome outcome, Conversation conversation)
    {
        if (outcome.Fault is { } fault)
        {
            var violation = fault.Violations[0];
            return new Requirement("RFC 6455", violation.RfcSection, RequirementLevel.Must,
                string.Create(CultureInfo.InvariantCulture, $"The client's frame {fault.FrameIndex + 1} breaks a rule: {violation.Detail} The server MUST _Fail the WebSocket Connection_."));
        }

        return conversation.Actions.Any(a => a is CloseAction)
            ? new Requirement("RFC 6455", "5.5.1", RequirementLevel.Must,
                "If an endpoint receives a Close frame and did not previously send a Close frame, the endpoint MUST send a Close frame in response.")
            : new Requirement("RFC 6455", "6.2", RequirementLevel.Must,
                "Incoming data MUST be parsed as WebSocket frames as defined in Section 5.2; every message is echoed and every Ping answered with a Pong carrying its payload (§5.5.3).");
    }
}
