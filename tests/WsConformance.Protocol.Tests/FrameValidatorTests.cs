using static WsConformance.Protocol.Tests.Decoding;

namespace WsConformance.Protocol.Tests;

public class FrameValidatorTests
{
    public static TheoryData<string> ValidNames => FrameVectors.ValidNames;

    public static TheoryData<string> InvalidNames => FrameVectors.InvalidNames;

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Valid_vectors_have_no_violations(string name)
    {
        ValidVector vector = FrameVectors.Valid[name];
        foreach (int chunkSize in new[] { int.MaxValue, 1 })
        {
            var validator = new FrameValidator(new ValidationOptions(vector.Sender, vector.NegotiatedRsv));
            Assert.Empty(DecodeAll(vector.Wire, chunkSize, validator).Violations);
        }
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Invalid_vectors_report_exactly_the_expected_violations(string name)
    {
        InvalidVector vector = FrameVectors.Invalid[name];
        foreach (int chunkSize in new[] { int.MaxValue, 1 })
        {
            var validator = new FrameValidator(new ValidationOptions(vector.Sender));
            Assert.Equal(vector.Expected, DecodeAll(vector.Wire, chunkSize, validator).Codes);
        }
    }

    [Fact]
    public void Non_minimal_length_is_a_note_not_an_error()
    {
        var validator = new FrameValidator(new ValidationOptions(Role.Server));

        Violation violation = Assert.Single(DecodeAll(FrameVectors.Invalid["non-minimal-16"].Wire, validator: validator).Violations).Violation;

        Assert.Equal(ViolationSeverity.Note, violation.Severity);
        Assert.Equal("5.2", violation.RfcSection);
    }

    [Fact]
    public void Every_broken_rule_of_one_header_is_listed()
    {
        var validator = new FrameValidator(new ValidationOptions(Role.Client));
        // FIN=0, RSV1+RSV2+RSV3, opcode 0xB (reserved control) | MASK=0 | 64-bit length 0xffffffffffffffff.
        var header = new FrameHeader(false, 7, 0xB, false, 0, ulong.MaxValue, LengthWidth.Extended64, 10);

        IReadOnlyList<Violation> violations = validator.OnHeader(header);

        Assert.Equal(
            [ViolationCode.ReservedBitsSet, ViolationCode.ReservedOpcode, ViolationCode.UnmaskedClientFrame,
             ViolationCode.LengthMostSignificantBitSet, ViolationCode.ControlFrameTooLong, ViolationCode.FragmentedControlFrame],
            violations.Select(v => v.Code));
    }

    [Fact]
    public void Invalid_text_is_reported_as_soon_as_the_invalid_byte_arrives_inside_one_frame()
    {
        // Autobahn 6.4.3: one text frame whose payload arrives in parts; the invalid byte 0x90 is at message offset 12.
        byte[] payload = Hex("cebae1bdb9cf83cebcceb5 f4908080 656469746564");
        byte[] wire = FrameEncoder.Encode(new FrameSpec(true, 0, Opcodes.Text, true, 0x01020304, payload));
        int header = wire.Length - payload.Length;
        byte[][] chunks = [wire[..(header + 11)], wire[(header + 11)..(header + 15)], wire[(header + 15)..]];
        var validator = new FrameValidator(new ValidationOptions(Role.Client));

        ReportedViolation reported = Assert.Single(DecodeChunks(chunks, validator).Violations);

        Assert.Equal(ViolationCode.InvalidTextUtf8, reported.Violation.Code);
        Assert.Equal(header + 15, reported.WireBytesFed);
        Assert.Contains("offset 12", reported.Violation.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_text_across_frames_reports_the_offset_in_the_message()
    {
        // Autobahn 6.4.1: the same payload as frames of 11, 4 and 6 bytes; the second frame's 2nd byte makes it invalid.
        byte[] message = Hex("cebae1bdb9cf83cebcceb5 f4908080 656469746564");
        byte[][] frames =
        [
            FrameEncoder.Encode(new FrameSpec(false, 0, Opcodes.Text, false, 0, message.AsMemory(0, 11))),
            FrameEncoder.Encode(new FrameSpec(false, 0, Opcodes.Continuation, false, 0, message.AsMemory(11, 4))),
            FrameEncoder.Encode(new FrameSpec(true, 0, Opcodes.Continuation, false, 0, message.AsMemory(15))),
        ];
        const int HeaderAndTwoPayloadBytes = 2 + 2;
        byte[][] wire = [frames[0], .. Split(frames[1], i => i == 0 ? HeaderAndTwoPayloadBytes : int.MaxValue), frames[2]];
        var validator = new FrameValidator(new ValidationOptions(Role.Server));

        ReportedViolation reported = Assert.Single(DecodeChunks(wire, validator).Violations);

        Assert.Contains("offset 12", reported.Violation.Detail, StringComparison.Ordinal);
        Assert.Equal(frames[0].Length + HeaderAndTwoPayloadBytes, reported.WireBytesFed);
    }

    [Fact]
    public void A_message_ending_inside_a_code_point_is_reported_at_its_end()
    {
        // FIN=0 Text "ce" ; FIN=1 Continuation "41": U+03BA started, then an ASCII byte.
        var validator = new FrameValidator(new ValidationOptions(Role.Server));
        DecodeResult result = DecodeAll(Hex("01 01 ce 80 01 41"), validator: validator);
        Assert.Equal([ViolationCode.InvalidTextUtf8], result.Codes);

        // FIN=0 Text "ce" ; FIN=1 Continuation len=0: the message ends inside U+03BA.
        validator = new FrameValidator(new ValidationOptions(Role.Server));
        ReportedViolation truncated = Assert.Single(DecodeAll(Hex("01 01 ce 80 00"), validator: validator).Violations);
        Assert.Contains("ends inside a code point", truncated.Violation.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_messages_are_not_checked_for_utf8()
    {
        var validator = new FrameValidator(new ValidationOptions(Role.Server));

        Assert.Empty(DecodeAll(Hex("02 01 ff 80 01 fe"), validator: validator).Violations);
    }

    [Fact]
    public void Control_frames_inside_a_text_message_do_not_disturb_its_utf8_state()
    {
        // FIN=0 Text "ce" ; Ping "ff" ; FIN=1 Continuation "ba".
        var validator = new FrameValidator(new ValidationOptions(Role.Server));

        Assert.Empty(DecodeAll(Hex("01 01 ce 89 01 ff 80 01 ba"), validator: validator).Violations);
    }

    [Fact]
    public void Frame_and_message_limits_are_checked_against_declared_lengths()
    {
        var options = new ValidationOptions(Role.Server, MaxFramePayload: 4, MaxMessagePayload: 6);
        var validator = new FrameValidator(options);

        // FIN=0 Binary len=4 ; FIN=0 Continuation len=4 (message reaches 8) ; FIN=1 Continuation len=5 (frame > 4).
        DecodeResult result = DecodeAll(Hex("02 04 00000000 00 04 00000000 80 05 0000000000"), validator: validator);

        Assert.Equal([ViolationCode.MessageTooLarge, ViolationCode.FrameTooLarge], result.Codes);
    }

    [Fact]
    public void A_new_message_may_start_after_the_final_frame()
    {
        var validator = new FrameValidator(new ValidationOptions(Role.Server));

        DecodeResult result = DecodeAll(Hex("01 01 61 80 01 62 81 01 63 82 00"), validator: validator);

        Assert.Empty(result.Violations);
        Assert.False(validator.InMessage);
    }

    [Fact]
    public void Payload_without_a_header_is_a_programming_error()
    {
        var validator = new FrameValidator(new ValidationOptions(Role.Server));

        Assert.Throws<InvalidOperationException>(() => validator.OnPayload([], true));
    }
}
