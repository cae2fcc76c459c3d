namespace WsConformance.Protocol.Tests;

public class FrameHeaderTests
{
    [Theory]
    [InlineData(LengthWidth.Short7, 0UL, true)]
    [InlineData(LengthWidth.Short7, 125UL, true)]
    [InlineData(LengthWidth.Extended16, 125UL, false)]
    [InlineData(LengthWidth.Extended16, 126UL, true)]
    [InlineData(LengthWidth.Extended64, 65535UL, false)]
    [InlineData(LengthWidth.Extended64, 65536UL, true)]
    [InlineData(LengthWidth.Extended64, ulong.MaxValue, true)]
    public void Minimal_length_depends_on_the_width_used(LengthWidth width, ulong length, bool minimal) =>
        Assert.Equal(minimal, new FrameHeader(true, 0, 2, false, 0, length, width, 2).IsMinimalLength);

    [Theory]
    [InlineData(0, false)]
    [InlineData(7, false)]
    [InlineData(8, true)]
    [InlineData(15, true)]
    public void Control_frames_have_the_high_opcode_bit(byte opcode, bool control) =>
        Assert.Equal(control, new FrameHeader(true, 0, opcode, false, 0, 0, LengthWidth.Short7, 2).IsControl);

    [Fact]
    public void Rsv_bits_map_to_rsv1_rsv2_rsv3()
    {
        var header = new FrameHeader(true, 0b101, 1, false, 0, 0, LengthWidth.Short7, 2);

        Assert.Equal((true, false, true), (header.Rsv1, header.Rsv2, header.Rsv3));
    }

    [Theory]
    [InlineData(Opcodes.Continuation, "continuation")]
    [InlineData(Opcodes.Text, "text")]
    [InlineData(Opcodes.Binary, "binary")]
    [InlineData(Opcodes.Close, "close")]
    [InlineData(Opcodes.Ping, "ping")]
    [InlineData(Opcodes.Pong, "pong")]
    [InlineData(3, "reserved-data-0x3")]
    [InlineData(11, "reserved-control-0xB")]
    public void Opcodes_have_readable_names(byte opcode, string name) => Assert.Equal(name, Opcodes.Name(opcode));
}
