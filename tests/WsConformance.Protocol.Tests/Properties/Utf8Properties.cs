using System.Text;
using FsCheck;
using FsCheck.Fluent;
using static WsConformance.Protocol.Tests.Decoding;

namespace WsConformance.Protocol.Tests.Properties;

public class Utf8Properties
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [Fact]
    public void Agrees_with_the_strict_bcl_decoder_on_utf8ish_byte_strings()
    {
        Config config = Config.QuickThrowOnFailure.WithReplay(0x5eed_0020UL, 0x85eb_ca6bUL).WithMaxTest(2000);

        Check.One(config, Prop.ForAll(Generators.Utf8ish.ToArbitrary(), bytes =>
            StrictlyValid(bytes) == (Utf8StreamValidatorTests.FeedAll(bytes, int.MaxValue).State == Utf8State.Valid)
            && StrictlyValid(bytes) == Utf8StreamValidator.IsValid(bytes)));
    }

    [Theory]
    [ClassData(typeof(AutobahnUtf8Vectors))]
    public void Agrees_with_the_strict_bcl_decoder_and_autobahn_on_every_section_6_vector(string caseId, bool valid, string hex)
    {
        byte[] bytes = Hex(hex);
        bool ours = Utf8StreamValidatorTests.FeedAll(bytes, int.MaxValue).State == Utf8State.Valid;

        Assert.True(StrictlyValid(bytes) == ours, $"case {caseId}: BCL {StrictlyValid(bytes)}, ours {ours}");
        Assert.True(valid == ours, $"case {caseId}: Autobahn {valid}, ours {ours}");
    }

    [Fact]
    public void Random_chunking_gives_the_same_state_and_failure_offset()
    {
        Config config = Config.QuickThrowOnFailure.WithReplay(0x5eed_0021UL, 0xc2b2_ae35UL).WithMaxTest(1000);

        Check.One(config, Prop.ForAll(Generators.Utf8ish.ToArbitrary(), Generators.ChunkSizes.ToArbitrary(), (bytes, sizes) =>
        {
            Utf8StreamValidator whole = Utf8StreamValidatorTests.FeedAll(bytes, int.MaxValue);
            var chunked = default(Utf8StreamValidator);
            foreach (byte[] chunk in Split(bytes, i => sizes[i % sizes.Length]))
            {
                chunked.Feed(chunk);
            }

            return (whole.State, whole.FailureOffset, whole.BytesSeen) == (chunked.State, chunked.FailureOffset, chunked.BytesSeen);
        }));
    }

    [Fact]
    public void The_failure_offset_is_the_first_byte_no_valid_continuation_can_rescue()
    {
        // Independent check of the offset: the prefix before it is still valid or incomplete, the prefix
        // including it is invalid. Both prefixes are judged by whole-buffer feeding.
        Config config = Config.QuickThrowOnFailure.WithReplay(0x5eed_0022UL, 0x27d4_eb2fUL).WithMaxTest(1000);

        Check.One(config, Prop.ForAll(Generators.Utf8ish.ToArbitrary(), bytes =>
        {
            Utf8StreamValidator validator = Utf8StreamValidatorTests.FeedAll(bytes, int.MaxValue);
            if (validator.State != Utf8State.Invalid)
            {
                return validator.FailureOffset == -1;
            }

            int offset = (int)validator.FailureOffset;
            Utf8State before = Utf8StreamValidatorTests.FeedAll(bytes[..offset], int.MaxValue).State;
            Utf8State including = Utf8StreamValidatorTests.FeedAll(bytes[..(offset + 1)], int.MaxValue).State;
            return before != Utf8State.Invalid && including == Utf8State.Invalid && !StrictlyValid(bytes[..(offset + 1)]);
        }));
    }

    private static bool StrictlyValid(byte[] bytes)
    {
        try
        {
            Strict.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
