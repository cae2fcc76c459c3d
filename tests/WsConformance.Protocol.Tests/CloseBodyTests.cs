using static WsConformance.Protocol.Tests.Decoding;

namespace WsConformance.Protocol.Tests;

public class CloseBodyTests
{
    [Theory]
    [InlineData(1000)]
    [InlineData(1001)]
    [InlineData(1002)]
    [InlineData(1003)]
    [InlineData(1007)]
    [InlineData(1010)]
    [InlineData(1011)]
    [InlineData(1012)]
    [InlineData(1014)]
    [InlineData(3000)]
    [InlineData(3999)]
    [InlineData(4000)]
    [InlineData(4999)]
    public void Codes_allowed_on_the_wire(int code) => Assert.True(CloseCodes.IsValidOnWire(code));

    [Theory]
    [InlineData(0)]
    [InlineData(999)]
    [InlineData(1004)]
    [InlineData(1005)]
    [InlineData(1006)]
    [InlineData(1015)]
    [InlineData(1016)]
    [InlineData(1100)]
    [InlineData(2000)]
    [InlineData(2999)]
    [InlineData(5000)]
    [InlineData(65535)]
    [InlineData(-1)]
    public void Codes_not_allowed_on_the_wire(int code) => Assert.False(CloseCodes.IsValidOnWire(code));

    [Fact]
    public void An_empty_body_has_no_code_and_no_violation()
    {
        CloseBodyInfo info = CloseBody.Parse(ReadOnlyMemory<byte>.Empty);

        Assert.Null(info.Code);
        Assert.Empty(info.Violations);
    }

    [Fact]
    public void A_code_and_reason_are_split()
    {
        CloseBodyInfo info = CloseBody.Parse(Hex("03e8 627965")); // 1000 "bye"

        Assert.Equal((ushort)1000, info.Code);
        Assert.Equal("bye"u8.ToArray(), info.Reason.ToArray());
        Assert.Empty(info.Violations);
    }

    [Theory]
    [InlineData("03", ViolationCode.CloseBodyOneByte)]                 // one byte
    [InlineData("03ee", ViolationCode.InvalidCloseCode)]               // 1006
    [InlineData("03e8 ff", ViolationCode.InvalidCloseReasonUtf8)]      // 1000 + impossible byte
    [InlineData("03e8 ce", ViolationCode.InvalidCloseReasonUtf8)]      // 1000 + truncated code point
    [InlineData("03e8 eda080", ViolationCode.InvalidCloseReasonUtf8)]  // 1000 + surrogate
    public void Malformed_bodies_report_one_violation(string hex, ViolationCode code)
    {
        Violation violation = Assert.Single(CloseBody.Parse(Hex(hex)).Violations);

        Assert.Equal(code, violation.Code);
        Assert.Equal(code == ViolationCode.InvalidCloseCode ? "7.4" : "5.5.1", violation.RfcSection);
    }

    [Fact]
    public void A_bad_code_and_a_bad_reason_are_both_reported()
    {
        CloseBodyInfo info = CloseBody.Parse(Hex("0000 c0af")); // code 0 + overlong '/'

        Assert.Equal([ViolationCode.InvalidCloseCode, ViolationCode.InvalidCloseReasonUtf8], info.Violations.Select(v => v.Code));
    }

    [Fact]
    public void Build_writes_the_code_big_endian_then_the_reason() =>
        Assert.Equal(Hex("0bb8 ff"), CloseBody.Build(3000, Hex("ff")));
}
