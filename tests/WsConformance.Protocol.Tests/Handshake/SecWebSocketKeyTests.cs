using WsConformance.Protocol.Handshake;

namespace WsConformance.Protocol.Tests.Handshake;

public class SecWebSocketKeyTests
{
    [Fact]
    public void ComputeAccept_matches_the_RFC_6455_section_1_3_example()
    {
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", SecWebSocketKey.ComputeAccept("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    [Fact]
    public void ComputeAccept_hashes_the_key_as_sent_without_trimming()
    {
        Assert.NotEqual(SecWebSocketKey.ComputeAccept("dGhlIHNhbXBsZSBub25jZQ=="), SecWebSocketKey.ComputeAccept(" dGhlIHNhbXBsZSBub25jZQ=="));
    }

    [Fact]
    public void Generate_returns_16_random_bytes_in_base64()
    {
        var first = SecWebSocketKey.Generate();
        var second = SecWebSocketKey.Generate();

        Assert.Equal(SecWebSocketKey.NonceLength, Convert.FromBase64String(first).Length);
        Assert.Equal(24, first.Length);
        Assert.NotEqual(first, second);
    }
}
