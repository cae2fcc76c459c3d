namespace WsConformance.Protocol.Tests;

/// <summary>Violations write their detail only when it is read; the text and the record semantics stay the same.</summary>
public class ViolationTests
{
    [Fact]
    public void Header_violations_describe_the_values_seen()
    {
        var validator = new FrameValidator(new ValidationOptions(Role.Client, MaxFramePayload: 10));
        var header = new FrameHeader(false, 7, 0xB, false, 0, ulong.MaxValue, LengthWidth.Extended64, 10);

        Assert.Equal(
            [
                "RSV bits RSV1+RSV2+RSV3 are set but no extension negotiated them.",
                "Opcode 0xB is reserved.",
                "A client frame is not masked; a client MUST mask all frames it sends (§5.3).",
                "The 64-bit length 0xffffffffffffffff has its most significant bit set.",
                "A reserved-control-0xB frame declares 18446744073709551615 bytes; control frames carry at most 125.",
                "A reserved-control-0xB frame has FIN = 0; control frames MUST NOT be fragmented.",
            ],
            validator.OnHeader(header).Select(violation => violation.Detail));
    }

    [Fact]
    public void Length_mask_and_sequence_violations_describe_the_values_seen()
    {
        var validator = new FrameValidator(new ValidationOptions(Role.Server, MaxFramePayload: 100, MaxMessagePayload: 150));
        var maskedText = new FrameHeader(false, 0, Opcodes.Text, true, 0x01020304, 120, LengthWidth.Extended16, 8);
        var binaryInside = new FrameHeader(true, 0, Opcodes.Binary, false, 0, 70, LengthWidth.Extended64, 10);

        Assert.Equal(
            [
                "A server frame is masked (key 0x01020304); a server MUST NOT mask frames.",
                "Length 120 is sent in the 16-bit form; the minimal number of bytes MUST be used.",
                "The frame declares 120 payload bytes; the limit is 100.",
            ],
            validator.OnHeader(maskedText).Select(violation => violation.Detail));
        Assert.Empty(validator.OnPayload(new byte[120], endOfFrame: true));
        Assert.Equal(
            [
                "Length 70 is sent in the 64-bit form; the minimal number of bytes MUST be used.",
                "A binary frame arrived inside a fragmented text message; a continuation frame was expected.",
            ],
            validator.OnHeader(binaryInside).Select(violation => violation.Detail));
    }

    [Fact]
    public void A_violation_equals_one_built_from_its_text()
    {
        var validator = new FrameValidator(new ValidationOptions(Role.Server));
        Violation reported = Assert.Single(validator.OnHeader(new FrameHeader(true, 0, 3, false, 0, 0, LengthWidth.Short7, 2)));
        var built = new Violation(ViolationCode.ReservedOpcode, "5.2", "Opcode 0x3 is reserved.");

        Assert.Equal(built, reported);
        Assert.Equal(built.GetHashCode(), reported.GetHashCode());
        Assert.NotEqual(built, reported with { Severity = ViolationSeverity.Note });
        Assert.Equal("Violation { Code = ReservedOpcode, RfcSection = 5.2, Detail = Opcode 0x3 is reserved., Severity = Error }", reported.ToString());
        (ViolationCode code, string section, string detail, ViolationSeverity severity) = reported;
        Assert.Equal((ViolationCode.ReservedOpcode, "5.2", "Opcode 0x3 is reserved.", ViolationSeverity.Error), (code, section, detail, severity));
    }

    [Theory]
    [InlineData("00", "Close body of 1 byte (0x00): a non-empty body MUST start with a 2-byte status code.")]
    [InlineData("03ED", "Close code 1005 may not be sent in a Close frame.")]
    [InlineData("03E841FF", "Close reason is not valid UTF-8: invalid byte at offset 1 of the reason.")]
    [InlineData("03E8E282", "Close reason is not valid UTF-8: the reason ends inside a code point.")]
    public void Close_body_violations_describe_the_values_seen(string hex, string detail) =>
        Assert.Equal(detail, Assert.Single(CloseBody.Parse(Convert.FromHexString(hex)).Violations).Detail);
}
