namespace WsConformance.PropertyFuzzing.Model;

/// <summary>Which closing handshake a conversation puts under test; see <see cref="ModelOptions.CloseUnderTest"/>.</summary>
public enum CloseUnderTest
{
    /// <summary>No Close is under test: every Close only ends a conversation about something else.</summary>
    None,

    /// <summary>The server's answer to the client's own Close is under test; the harness's closing Close is not.</summary>
    ClientClose,

    /// <summary>Every Close is under test, the harness's Close after the echoes included (Autobahn's section 7, 7.1.1).</summary>
    EveryClose,
}

/// <summary>
/// How the reference model grades where the case catalog itself grades differently from section to section
/// (<see cref="CatalogGrading"/> gives each section's options). Each flag is one such difference.
/// </summary>
/// <param name="NothingAfterClose">
/// Any frame from the server after its own Close is FAILED (RFC 6455 §5.5.1), as the catalog's own sections
/// (masking, length, after-close) grade it; Autobahn's sections 1–7 never check it.
/// </param>
/// <param name="ServerMustActOnEveryFault">
/// A server that never fails the connection after a protocol fault is FAILED whatever it sent (after-close.1);
/// Autobahn's sections 2–5 grade only the events and leave the silence to the close verdict.
/// </param>
/// <param name="CloseUnderTest">Where a wrong close code is FAILED rather than only a close verdict (the rule is in <c>CloseRules</c>).</param>
/// <param name="OpenWhenCloseMeetsEchoes">
/// The client's Close arrives while echoes or pongs are still owed: Autobahn leaves the outcome open and forces
/// INFORMATIONAL (7.1.6: "Case outcome depends on implementation defined close behavior"); the after-close section
/// decides it instead: echo first or answer the Close at once, both OK (after-close.3).
/// </param>
/// <param name="PongAfterClientCloseNonStrict">
/// A pong for a ping that followed the client's Close is NON-STRICT (after-close.2: §5.5.2 no longer asks for it, no
/// sentence forbids it); Autobahn expects nothing at all there, so a pong is FAILED (7.1.3).
/// </param>
/// <param name="DroppedEchoesBeforeFaultOk">
/// A server that fails the connection before echoing what completed ahead of the fault is OK, not NON-STRICT: the
/// after-close section's grading (after-close.4: §7.1.7 lets a failing endpoint discard what it had not sent, and
/// which comes first is a race inside the server). Autobahn grades it NON-STRICT (3.2, 4.1.3, 5.15).
/// </param>
/// <param name="EchoesByTypeAndLength">
/// Echoes are compared by type and length, not content: Autobahn's section 9 measures large transfers and checks only
/// those (its bulk cases keep no payloads).
/// </param>
/// <param name="MaxOutcomes">Most accepted event sequences one conversation may have; beyond it the model declines.</param>
public sealed record ModelOptions(
    bool NothingAfterClose = true,
    bool ServerMustActOnEveryFault = true,
    CloseUnderTest CloseUnderTest = CloseUnderTest.ClientClose,
    bool OpenWhenCloseMeetsEchoes = false,
    bool PongAfterClientCloseNonStrict = true,
    bool DroppedEchoesBeforeFaultOk = false,
    bool EchoesByTypeAndLength = false,
    int MaxOutcomes = 512)
{
    /// <summary>
    /// The fuzzer's grading: every RFC MUST the engine can observe is checked, as the catalog's own sections check
    /// it, and a conversation that ends with the client's Close tests that Close.
    /// </summary>
    public static ModelOptions Strict { get; } = new();

    /// <summary>Grading exactly as Autobahn's sections 1–6 and 10 of the catalog do.</summary>
    public static ModelOptions Autobahn { get; } = new(NothingAfterClose: false, ServerMustActOnEveryFault: false, CloseUnderTest.None,
        OpenWhenCloseMeetsEchoes: true, PongAfterClientCloseNonStrict: false);

    /// <summary>Autobahn's section 7, Close Handling: the closing handshake is what every case tests.</summary>
    public static ModelOptions AutobahnCloseHandling { get; } = Autobahn with { CloseUnderTest = CloseUnderTest.EveryClose };

    /// <summary>Autobahn's section 9, Limits/Performance: large echoes, checked by type and length.</summary>
    public static ModelOptions AutobahnLimits { get; } = Autobahn with { EchoesByTypeAndLength = true };

    /// <summary>The catalog's after-close section: what a server may send once a Close is under way, not its code.</summary>
    public static ModelOptions AfterClose { get; } = Strict with { CloseUnderTest = CloseUnderTest.None, DroppedEchoesBeforeFaultOk = true };
}
