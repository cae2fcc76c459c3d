using WsConformance.Cases.Model;

namespace WsConformance.Cases.Loading;

/// <summary>The names case files use for enumerated values, in the order messages list them.</summary>
internal static class Vocabulary
{
    public const byte TextOpcode = 1;
    public const byte BinaryOpcode = 2;
    public const int MaxOpcode = 15;
    public const int MaxRsv = 7;
    public const string NoFailAfter = "none";

    /// <summary><c>compression: none</c>: offer no extension, even when the file's defaults do.</summary>
    public const string NoCompression = "none";
    public const int MaskKeyHexDigits = 8;

    /// <summary>RFC 6455 §5.2 opcode names; numbers 0–15 are accepted too.</summary>
    public static readonly IReadOnlyDictionary<string, byte> Opcodes = new Dictionary<string, byte>
    {
        ["continuation"] = 0,
        ["text"] = TextOpcode,
        ["binary"] = BinaryOpcode,
        ["close"] = 8,
        ["ping"] = 9,
        ["pong"] = 10,
    };

    public static readonly IReadOnlyDictionary<string, byte> MessageTypes = new Dictionary<string, byte>
    {
        ["text"] = TextOpcode,
        ["binary"] = BinaryOpcode,
    };

    /// <summary>Autobahn's behaviour names that a case may award (FAILED is what matching nothing earns).</summary>
    public static readonly IReadOnlyDictionary<string, Verdict> Verdicts = new Dictionary<string, Verdict>
    {
        ["OK"] = Verdict.Ok,
        ["NON-STRICT"] = Verdict.NonStrict,
        ["INFORMATIONAL"] = Verdict.Informational,
        ["UNIMPLEMENTED"] = Verdict.Unimplemented,
    };

    /// <summary>
    /// The verdicts that say the peer fell short: what a browser limit can cause (and so turn into INFORMATIONAL for a
    /// browser), and what <c>worst_verdict</c> can name.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Verdict> FallingShortVerdicts = new Dictionary<string, Verdict>
    {
        ["NON-STRICT"] = Verdict.NonStrict,
        ["FAILED"] = Verdict.Failed,
    };

    public static readonly IReadOnlyDictionary<string, RequirementLevel> Levels = new Dictionary<string, RequirementLevel>
    {
        ["MUST"] = RequirementLevel.Must,
        ["SHOULD"] = RequirementLevel.Should,
        ["MAY"] = RequirementLevel.May,
    };

    public static readonly IReadOnlyDictionary<string, Closer> Closers = new Dictionary<string, Closer>
    {
        ["harness"] = Closer.Harness,
        ["server"] = Closer.Peer,
        ["peer"] = Closer.Peer,
    };

    /// <summary><c>clean:</c> values, mapped to <see cref="CloseExpectation.RequireClean"/>.</summary>
    public static readonly IReadOnlyDictionary<string, bool> Cleanliness = new Dictionary<string, bool>
    {
        ["required"] = true,
        ["optional"] = false,
    };

    public static readonly IReadOnlyDictionary<string, LengthForm> LengthForms = new Dictionary<string, LengthForm>
    {
        ["minimal"] = LengthForm.Minimal,
        ["16"] = LengthForm.Extended16,
        ["64"] = LengthForm.Extended64,
    };

    public static readonly IReadOnlyDictionary<string, Mask> MaskNames = new Dictionary<string, Mask>
    {
        ["random"] = Mask.Random,
        ["none"] = Mask.None,
    };

    public static readonly IReadOnlyDictionary<string, SiblingEnd> SiblingEnds = new Dictionary<string, SiblingEnd>
    {
        ["none"] = SiblingEnd.None,
        ["close"] = SiblingEnd.Close,
        ["reset"] = SiblingEnd.Reset,
        ["fail"] = SiblingEnd.Fail,
    };

    public static readonly IReadOnlyDictionary<string, Testees> Testees = new Dictionary<string, Testees>
    {
        ["servers"] = Model.Testees.Servers,
        ["clients"] = Model.Testees.Clients,
    };

    public static readonly IReadOnlyDictionary<string, CaseTransport> Transports = new Dictionary<string, CaseTransport>
    {
        ["any"] = CaseTransport.Any,
        ["http2"] = CaseTransport.Http2,
    };
}
