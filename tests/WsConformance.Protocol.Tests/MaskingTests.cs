using static WsConformance.Protocol.Tests.Decoding;

namespace WsConformance.Protocol.Tests;

public class MaskingTests
{
    private const uint RfcKey = 0x37fa213d;

    [Fact]
    public void Masks_the_rfc_6455_example()
    {
        byte[] data = "Hello"u8.ToArray();

        int next = Masking.Apply(data, RfcKey, 0);

        Assert.Equal(Hex("7f9f4d5158"), data); // RFC 6455 §5.7: 0x37 0xfa 0x21 0x3d 0x7f 0x9f 0x4d 0x51 0x58
        Assert.Equal(1, next);
    }

    [Fact]
    public void Resumes_at_the_returned_key_offset()
    {
        byte[] data = "Hello"u8.ToArray();

        int next = Masking.Apply(data.AsSpan(0, 3), RfcKey, 0);
        next = Masking.Apply(data.AsSpan(3), RfcKey, next);

        Assert.Equal(Hex("7f9f4d5158"), data);
        Assert.Equal(1, next);
    }

    [Theory]
    [InlineData(0, 0x37)]
    [InlineData(1, 0xfa)]
    [InlineData(2, 0x21)]
    [InlineData(3, 0x3d)]
    public void Key_bytes_are_in_wire_order(int index, byte expected) => Assert.Equal(expected, Masking.KeyByte(RfcKey, index));

    [Fact]
    public void Empty_data_keeps_the_key_offset() => Assert.Equal(3, Masking.Apply([], RfcKey, 3));

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public void A_key_offset_outside_0_to_3_is_a_programming_error(int keyOffset) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Masking.Apply(new byte[1], RfcKey, keyOffset));
}
