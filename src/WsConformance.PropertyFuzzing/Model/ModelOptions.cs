namespace WsConformance.PropertyFuzzing.Model;

/// <summary>How strict the reference model is where the case catalog itself has two strictness levels.</summary>
/// <param name="NothingAfterClose">
/// Any frame from the server after its own Close is FAILED (RFC 6455 §5.5.1), as the catalog's own sections
/// (masking, length, after-close) grade it; Autobahn's sections 1–7 never check it.
/// </param>
/// <param name="ServerMustActOnEveryFault">
/// A server that never fails the connection after a protocol fault is FAILED whatever it sent (after-close.1);
/// Autobahn's sections 2–5 grade only the events and leave the silence to the close verdict.
/// </param>
/// <param name="MaxOutcomes">Most accepted event sequences one conversation may have; beyond it the model declines.</param>
public sealed record ModelOptions(bool NothingAfterClose = true, bool ServerMustActOnEveryFault = true, int MaxOutcomes = 512)
{
    /// <summary>The fuzzer's grading: every RFC MUST the engine can observe is checked.</summary>
    public static ModelOptions Strict { get; } = new();

    /// <summary>Grading exactly as Autobahn's sections 1–7 of the catalog do (used to compare the model with them).</summary>
    public static ModelOptions AutobahnSections { get; } = new(NothingAfterClose: false, ServerMustActOnEveryFault: false);
}
