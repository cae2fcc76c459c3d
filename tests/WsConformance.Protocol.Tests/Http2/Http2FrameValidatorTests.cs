using WsConformance.Protocol.Http2;
using static WsConformance.Protocol.Tests.Http2.Http2Decoding;

namespace WsConformance.Protocol.Tests.Http2;

public class Http2FrameValidatorTests
{
    public static TheoryData<string> ValidNames => Http2FrameVectors.ValidNames;

    public static TheoryData<string> InvalidNames => Http2FrameVectors.InvalidNames;

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Valid_vectors_have_no_violations(string name)
    {
        Http2ValidVector vector = Http2FrameVectors.Valid[name];
        foreach (int chunkSize in new[] { int.MaxValue, 1 })
        {
            Assert.Empty(DecodeAll(vector.Wire, chunkSize, new Http2FrameValidator()).Violations);
        }
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Invalid_vectors_report_exactly_the_expected_violations_with_section_error_and_scope(string name)
    {
        Http2InvalidVector vector = Http2FrameVectors.Invalid[name];
        foreach (int chunkSize in new[] { int.MaxValue, 1 })
        {
            Http2DecodeResult result = DecodeAll(vector.Wire, chunkSize, new Http2FrameValidator());

            Assert.Equal(vector.Expected, result.Codes);
            Http2Violation last = result.Violations[^1];
            Assert.Equal(vector.Section, last.RfcSection);
            Assert.Equal(vector.Error, last.ErrorCode);
            Assert.Equal(vector.Scope, last.Scope);
            Assert.False(string.IsNullOrWhiteSpace(last.Detail));
        }
    }

    [Fact]
    public void Every_broken_rule_of_one_frame_is_listed()
    {
        var validator = new Http2FrameValidator();
        // SETTINGS with the reserved bit, undefined flag 0x80 and ACK, on stream 5, with a 6-octet payload.
        var header = new Http2FrameHeader(6, Http2FrameTypes.Settings, 0x81, ReservedBit: true, StreamId: 5);

        IReadOnlyList<Http2Violation> violations = validator.OnFrame(header, new byte[6]);

        Assert.Equal(
            [Http2ViolationCode.ReservedBitSet, Http2ViolationCode.UndefinedFlagsSet, Http2ViolationCode.StreamIdMustBeZero,
             Http2ViolationCode.SettingsAckWithPayload],
            violations.Select(v => v.Code));
    }

    [Fact]
    public void Ignored_and_optional_rules_are_notes_the_others_errors()
    {
        Http2Violation reserved = Assert.Single(DecodeAll(Http2FrameVectors.Invalid["reserved-bit"].Wire, validator: new Http2FrameValidator()).Violations);
        Http2Violation padding = Assert.Single(DecodeAll(Http2FrameVectors.Invalid["data-non-zero-padding"].Wire, validator: new Http2FrameValidator()).Violations);
        Http2Violation increment = Assert.Single(DecodeAll(Http2FrameVectors.Invalid["window-update-0-on-stream"].Wire, validator: new Http2FrameValidator()).Violations);

        Assert.Equal(ViolationSeverity.Note, reserved.Severity);
        Assert.Equal(ViolationSeverity.Note, padding.Severity);
        Assert.Equal(ViolationSeverity.Error, increment.Severity);
    }

    [Fact]
    public void A_field_block_stays_open_across_continuations_until_end_headers()
    {
        var validator = new Http2FrameValidator();

        validator.OnFrame(new Http2FrameHeader(1, Http2FrameTypes.Headers, 0, false, 7), [0x82]);
        Assert.Equal(7u, validator.OpenFieldBlockStream);
        Assert.Empty(validator.OnFrame(new Http2FrameHeader(1, Http2FrameTypes.Continuation, 0, false, 7), [0x84]));
        Assert.Equal(7u, validator.OpenFieldBlockStream);
        Assert.Empty(validator.OnFrame(new Http2FrameHeader(1, Http2FrameTypes.Continuation, Http2Flags.EndHeaders, false, 7), [0x86]));
        Assert.Null(validator.OpenFieldBlockStream);
    }

    [Fact]
    public void Announcing_extended_connect_is_remembered()
    {
        var validator = new Http2FrameValidator();
        byte[] wire = Http2FrameEncoder.Encode(Http2Frames.Settings(new Http2Setting(Http2SettingIds.EnableConnectProtocol, 1)));

        Assert.False(validator.ConnectProtocolEnabled);
        Assert.Empty(DecodeAll(wire, validator: validator).Violations);
        Assert.True(validator.ConnectProtocolEnabled);
    }

    [Fact]
    public void An_oversized_frame_is_judged_on_its_header_alone()
    {
        var validator = new Http2FrameValidator();
        var header = new Http2FrameHeader(20_000, Http2FrameTypes.Ping, 0, false, 1);

        IReadOnlyList<Http2Violation> violations = validator.OnOversizedFrame(header, Http2FrameHeader.DefaultMaxFrameSize);

        Assert.Equal([Http2ViolationCode.FrameTooLarge, Http2ViolationCode.StreamIdMustBeZero], violations.Select(v => v.Code));
        Assert.Contains("16384", violations[0].Detail, StringComparison.Ordinal);
    }
}
