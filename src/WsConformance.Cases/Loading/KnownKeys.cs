namespace WsConformance.Cases.Loading;

/// <summary>
/// Every key the case-file format knows, per mapping. Anything else is an error; the JSON Schema test
/// checks the schema against these lists so the two cannot drift apart.
/// </summary>
internal static class KnownKeys
{
    public static readonly string[] File = ["section", "title", "tests", "transport", "defaults", "cases"];

    /// <summary>Fields a case and its file's <c>defaults</c> share; the case's own value wins.</summary>
    public static readonly string[] Inheritable =
        ["rfc", "steps", "bulk", "expect", "close", "verdict", "worst_verdict", "handshake", "expect_handshake", "fail_after", "compression", "response", "browser_limit", "http2"];

    public static readonly string[] Defaults = Inheritable;

    public static readonly string[] Case = ["id", "autobahn", "title", .. Inheritable];

    public static readonly string[] FamilyItem = ["family"];

    public static readonly string[] Family = ["template", "variants", "rows"];

    public const string VariantsBy = "by";

    public static readonly string[] Requirement = ["section", "level", "text", "document"];

    public static readonly string[] Payload = ["text", "hex", "repeat", "deflated"];

    public static readonly string[] Repeat = ["text", "hex", "length"];

    public static readonly string[] Transmission = ["chop", "chop_delay", "frame_wise"];

    public static readonly string[] Steps =
        ["send_frame", "send_held", "send_message", "send_raw", "close", "ping", "pong", "pause", "fail_after", "close_after", "reset_stream", "echo_rounds"];

    public static readonly string[] SendFrame =
        ["opcode", "fin", "rsv", "mask", "payload", "declared_length", "length_form", "payload_now", .. Transmission];

    public static readonly string[] SendMessage = ["type", "payload", "fragment_size", .. Transmission];

    public static readonly string[] SendRaw = ["hex", .. Transmission];

    public static readonly string[] CloseStep = ["code", "reason", "body"];

    public static readonly string[] Pause = ["duration", "tag"];

    public static readonly string[] EchoRounds = ["count", "type", "payload", "slices", "fragment_size"];

    public static readonly string[] Slices = ["data", "size"];

    public static readonly string[] Compression = ["offers", "declined"];

    public static readonly string[] Events = ["message", "pong", "ping", "timeout"];

    public static readonly string[] Message = ["text", "hex", "repeat", "deflated", "slices", "type", "length", "count"];

    public static readonly string[] Close = ["by", "codes", "clean", "wrong_code_fails", "wrong_closer_fails", "wrong_closer_non_strict", "nothing_after_close"];

    public static readonly string[] Handshake = ["method", "http_version", "remove", "set", "add", "protocols"];

    public static readonly string[] Response = ["status", "reason", "remove", "set", "add", "withdraw_connect_protocol", "withhold_connect_protocol"];

    public static readonly string[] BrowserLimit = ["verdicts", "why"];

    public static readonly string[] HandshakeAlternative = ["verdict", "accepted", "refused", "status", "headers", "reset"];

    public static readonly string[] Http2 = ["remove", "set", "add", "end_stream", "receive_window", "siblings", "sibling_end", "hold_windows"];
}
