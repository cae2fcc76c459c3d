using static WsConformance.Protocol.Tests.Decoding;

namespace WsConformance.Protocol.Tests;

public class Utf8StreamValidatorTests
{
    public static TheoryData<string> ValidStreams => new()
    {
        "",
        "68656c6c6f",           // ASCII "hello"
        "c280",                 // U+0080, first 2-byte
        "dfbf",                 // U+07FF, last 2-byte
        "e0a080",               // U+0800, first 3-byte
        "ed9fbf",               // U+D7FF, just below the surrogates
        "ee8080",               // U+E000, just above the surrogates
        "efbfbf",               // U+FFFF, a noncharacter (valid)
        "f0908080",             // U+10000, first 4-byte
        "f48fbfbf",             // U+10FFFF, last code point
        "cebae1bdb9cf83cebcceb5", // "κόσμε"
    };

    public static TheoryData<string> IncompleteStreams => new()
    {
        "ce",       // 2-byte lead, continuation missing
        "e0a0",     // 3-byte sequence, 1 of 2 continuations
        "f09080",   // 4-byte sequence, 2 of 3 continuations
        "41f4",     // ASCII then a 4-byte lead
    };

    public static TheoryData<string, long> InvalidStreams => new()
    {
        { "80", 0 },            // lone continuation byte
        { "c0af", 0 },          // C0 never starts a sequence (overlong '/')
        { "c1bf", 0 },          // C1 never starts a sequence
        { "e080af", 1 },        // overlong 3-byte: E0 needs A0-BF next
        { "f08fbfbf", 1 },      // overlong 4-byte: F0 needs 90-BF next
        { "eda080", 1 },        // surrogate U+D800: ED needs 80-9F next
        { "edbfbf", 1 },        // surrogate U+DFFF
        { "f4908080", 1 },      // U+110000 > U+10FFFF: F4 needs 80-8F next
        { "f5808080", 0 },      // F5 never starts a sequence
        { "f888808080", 0 },    // 5-byte form
        { "fc8480808080", 0 },  // 6-byte form
        { "fe", 0 },            // impossible byte
        { "ff", 0 },            // impossible byte
        { "ce41", 1 },          // continuation expected, ASCII found
        { "cebae1bdb9cf83cebcceb5f4908080656469746564", 12 }, // Autobahn 6.4.1: 0x90 after F4
    };

    [Theory]
    [MemberData(nameof(ValidStreams))]
    public void Valid_streams_are_valid_whole_and_one_byte_at_a_time(string hex)
    {
        byte[] bytes = Hex(hex);
        Assert.Equal(Utf8State.Valid, FeedAll(bytes, int.MaxValue).State);
        Assert.Equal(Utf8State.Valid, FeedAll(bytes, 1).State);
        Assert.True(Utf8StreamValidator.IsValid(bytes));
    }

    [Theory]
    [MemberData(nameof(IncompleteStreams))]
    public void Incomplete_streams_are_incomplete_whole_and_one_byte_at_a_time(string hex)
    {
        byte[] bytes = Hex(hex);
        Assert.Equal(Utf8State.Incomplete, FeedAll(bytes, int.MaxValue).State);
        Assert.Equal(Utf8State.Incomplete, FeedAll(bytes, 1).State);
        Assert.False(Utf8StreamValidator.IsValid(bytes));
    }

    [Theory]
    [MemberData(nameof(InvalidStreams))]
    public void Invalid_streams_report_the_offset_of_the_first_bad_byte(string hex, long offset)
    {
        byte[] bytes = Hex(hex);
        foreach (int chunk in new[] { int.MaxValue, 1, 3 })
        {
            Utf8StreamValidator validator = FeedAll(bytes, chunk);
            Assert.Equal(Utf8State.Invalid, validator.State);
            Assert.Equal(offset, validator.FailureOffset);
            Assert.Equal(bytes.Length, validator.BytesSeen);
        }

        Assert.False(Utf8StreamValidator.IsValid(bytes));
    }

    [Theory]
    [InlineData(11, 4, 6)]
    [InlineData(12, 1, 8)]
    public void Autobahn_6_4_1_fails_at_offset_12_under_its_chunkings(int first, int second, int third)
    {
        byte[] bytes = Hex("cebae1bdb9cf83cebcceb5 f4908080 656469746564");
        var validator = default(Utf8StreamValidator);

        Utf8State[] states =
        [
            validator.Feed(bytes.AsSpan(0, first)),
            validator.Feed(bytes.AsSpan(first, second)),
            validator.Feed(bytes.AsSpan(first + second, third)),
        ];

        Assert.Equal(first == 12 ? Utf8State.Incomplete : Utf8State.Valid, states[0]);
        Assert.Equal([Utf8State.Invalid, Utf8State.Invalid], states[1..]);
        Assert.Equal(12, validator.FailureOffset);
    }

    [Theory]
    [ClassData(typeof(AutobahnUtf8Vectors))]
    public void Autobahn_section_6_vectors_have_the_expected_validity(string caseId, bool valid, string hex)
    {
        byte[] bytes = Hex(hex);
        foreach (int chunk in new[] { int.MaxValue, 1 })
        {
            Assert.True(valid == (FeedAll(bytes, chunk).State == Utf8State.Valid), $"case {caseId}, chunk size {chunk}");
        }
    }

    [Fact]
    public void A_fresh_validator_has_no_failure_and_reset_forgets_one()
    {
        var validator = default(Utf8StreamValidator);
        Assert.Equal((Utf8State.Valid, -1L, 0L), (validator.State, validator.FailureOffset, validator.BytesSeen));

        validator.Feed(Hex("41ff"));
        validator.Reset();

        Assert.Equal((Utf8State.Valid, -1L, 0L), (validator.State, validator.FailureOffset, validator.BytesSeen));
    }

    [Fact]
    public void Once_invalid_stays_invalid()
    {
        var validator = default(Utf8StreamValidator);
        validator.Feed(Hex("ff"));

        Assert.Equal(Utf8State.Invalid, validator.Feed("valid ascii"u8));
        Assert.Equal(0, validator.FailureOffset);
    }

    internal static Utf8StreamValidator FeedAll(byte[] bytes, int chunkSize)
    {
        var validator = default(Utf8StreamValidator);
        foreach (byte[] chunk in Split(bytes, _ => chunkSize))
        {
            validator.Feed(chunk);
        }

        return validator;
    }
}
