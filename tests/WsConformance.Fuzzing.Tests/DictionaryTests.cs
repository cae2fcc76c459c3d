using WsConformance.Fuzzing.Engine;

namespace WsConformance.Fuzzing.Tests;

public sealed class DictionaryTests
{
    [Fact]
    public void Parses_names_escapes_and_comments()
    {
        IReadOnlyList<byte[]> tokens = FuzzDictionary.Parse(["# comment", "", "a=\"\\x81\\x05\"", "\"GET \"", "q=\"\\\"\\\\\""]);
        Assert.Equal([new byte[] { 0x81, 0x05 }, "GET "u8.ToArray(), "\"\\"u8.ToArray()], tokens);
    }

    [Theory]
    [InlineData("no quotes")]
    [InlineData("x=\"\\q\"")]
    [InlineData("x=\"unterminated")]
    public void Rejects_malformed_lines_with_their_number(string line)
    {
        var error = Assert.Throws<FormatException>(() => FuzzDictionary.Parse(["# ok", line]));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }
}
