using FsCheck;
using FsCheck.Fluent;

namespace WsConformance.Protocol.Tests.Properties;

public class MaskingProperties
{
    [Fact]
    public void Equals_the_scalar_reference_at_every_length_0_to_300_and_every_key_offset()
    {
        const uint Key = 0xa1b2c3d4;
        byte[] original = Generators.RandomBytes(42, 300 + 3);
        for (int length = 0; length <= 300; length++)
        {
            for (int keyOffset = 0; keyOffset < Masking.KeyLength; keyOffset++)
            {
                // Start at an odd position too, so vector loads are unaligned.
                Span<byte> data = original.AsSpan(keyOffset, length).ToArray();
                byte[] expected = ScalarMask(data.ToArray(), Key, keyOffset);

                int next = Masking.Apply(data, Key, keyOffset);

                Assert.True(data.SequenceEqual(expected), $"length {length}, key offset {keyOffset}");
                Assert.Equal((keyOffset + length) % 4, next);
            }
        }
    }

    [Fact]
    public void Is_its_own_inverse_and_matches_the_reference_for_any_key_data_and_offset()
    {
        Config config = Config.QuickThrowOnFailure.WithReplay(0x5eed_0010UL, 0x1b87_3593UL).WithMaxTest(500);
        Gen<byte[]> data = Gen.Choose(0, 300).SelectMany(n => Gen.Choose(0, int.MaxValue).Select(seed => Generators.RandomBytes(seed, n)));

        Check.One(config, Prop.ForAll(data.ToArbitrary(), Generators.MaskKey.ToArbitrary(), Gen.Choose(0, 3).ToArbitrary(), (bytes, key, offset) =>
        {
            byte[] masked = [.. bytes];
            Masking.Apply(masked, key, offset);
            byte[] roundTrip = [.. masked];
            Masking.Apply(roundTrip, key, offset);
            return masked.SequenceEqual(ScalarMask([.. bytes], key, offset)) && roundTrip.SequenceEqual(bytes);
        }));
    }

    [Fact]
    public void Masking_in_pieces_equals_masking_at_once()
    {
        Config config = Config.QuickThrowOnFailure.WithReplay(0x5eed_0011UL, 0xcc9e_2d51UL).WithMaxTest(300);
        Gen<byte[]> data = Gen.Choose(0, 300).Select(n => Generators.RandomBytes(n, n));

        Check.One(config, Prop.ForAll(data.ToArbitrary(), Generators.ChunkSizes.ToArbitrary(), Generators.MaskKey.ToArbitrary(), (bytes, sizes, key) =>
        {
            byte[] pieces = [.. bytes];
            int offset = 0;
            int keyOffset = 0;
            for (int i = 0; offset < pieces.Length; i++)
            {
                int size = Math.Min(sizes[i % sizes.Length], pieces.Length - offset);
                keyOffset = Masking.Apply(pieces.AsSpan(offset, size), key, keyOffset);
                offset += size;
            }

            return pieces.SequenceEqual(ScalarMask([.. bytes], key, 0));
        }));
    }

    /// <summary>RFC 6455 §5.3: transformed-octet-i = original-octet-i XOR masking-key-octet-(i MOD 4).</summary>
    private static byte[] ScalarMask(byte[] data, uint key, int keyOffset)
    {
        for (int i = 0; i < data.Length; i++)
        {
            int j = (keyOffset + i) % 4;
            data[i] ^= (byte)(key >> (24 - (8 * j)));
        }

        return data;
    }
}
