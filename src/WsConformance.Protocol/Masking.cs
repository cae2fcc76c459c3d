using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace WsConformance.Protocol;

/// <summary>
/// RFC 6455 §5.3 client-to-server masking: XOR of the payload with a 4-byte key, which is its own inverse.
/// </summary>
/// <remarks>
/// A pure Span function that resumes at any key offset, so payloads arriving in pieces can be
/// (un)masked piece by piece. Wide vectors first, then 8 bytes at a time, then a scalar tail; every tier
/// handles a multiple of 4 bytes, so the key phase is the same for all of them.
/// </remarks>
public static class Masking
{
    /// <summary>Length of a masking key in bytes (RFC 6455 §5.2, "Masking-key: 0 or 4 bytes").</summary>
    public const int KeyLength = 4;

    /// <summary>
    /// Applies (XOR) the 4-byte key to data in place, starting at keyOffset (0-3) into the key; returns the
    /// key offset for the next byte.
    /// </summary>
    /// <param name="data">Bytes to (un)mask in place.</param>
    /// <param name="key">
    /// The key in wire order: the first key byte on the wire is the most significant byte of the uint.
    /// </param>
    /// <param name="keyOffset">Index (0-3) of the key byte that applies to <c>data[0]</c>.</param>
    public static int Apply(Span<byte> data, uint key, int keyOffset)
    {
        if ((uint)keyOffset >= KeyLength)
        {
            ThrowKeyOffsetOutOfRange(keyOffset);
        }

        if (data.IsEmpty)
        {
            return keyOffset;
        }

        uint rotated = RotatedKeyInMemoryOrder(key, keyOffset);
        ref byte start = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        nuint index = 0;

        if (Vector256.IsHardwareAccelerated && length >= (nuint)Vector256<byte>.Count)
        {
            Vector256<byte> mask = Vector256.Create(rotated).AsByte();
            nuint lastBlock = length - (nuint)Vector256<byte>.Count;
            for (; index <= lastBlock; index += (nuint)Vector256<byte>.Count)
            {
                (Vector256.LoadUnsafe(ref start, index) ^ mask).StoreUnsafe(ref start, index);
            }
        }

        if (Vector128.IsHardwareAccelerated && length - index >= (nuint)Vector128<byte>.Count)
        {
            Vector128<byte> mask = Vector128.Create(rotated).AsByte();
            nuint lastBlock = length - (nuint)Vector128<byte>.Count;
            for (; index <= lastBlock; index += (nuint)Vector128<byte>.Count)
            {
                (Vector128.LoadUnsafe(ref start, index) ^ mask).StoreUnsafe(ref start, index);
            }
        }

        ulong wideMask = ((ulong)rotated << 32) | rotated;
        for (; length - index >= sizeof(ulong); index += sizeof(ulong))
        {
            ref byte at = ref Unsafe.Add(ref start, index);
            Unsafe.WriteUnaligned(ref at, Unsafe.ReadUnaligned<ulong>(ref at) ^ wideMask);
        }

        for (; index < length; index++)
        {
            int keyIndex = (int)(((nuint)keyOffset + index) & (KeyLength - 1));
            Unsafe.Add(ref start, index) ^= KeyByte(key, keyIndex);
        }

        return (int)(((nuint)keyOffset + length) & (KeyLength - 1));
    }

    /// <summary>The key byte at <paramref name="index"/> (0-3) in wire order.</summary>
    public static byte KeyByte(uint key, int index) => (byte)(key >> (24 - (8 * (index & (KeyLength - 1)))));

    /// <summary>
    /// The key rotated to start at <paramref name="keyOffset"/>, laid out so that reading it from memory
    /// puts key byte <c>keyOffset</c> at the lowest address (independent of machine endianness).
    /// </summary>
    private static uint RotatedKeyInMemoryOrder(uint key, int keyOffset)
    {
        int shift = 8 * keyOffset;
        return BitConverter.IsLittleEndian
            ? BitOperations.RotateRight(BinaryPrimitives.ReverseEndianness(key), shift)
            : BitOperations.RotateLeft(key, shift);
    }

    private static void ThrowKeyOffsetOutOfRange(int keyOffset) =>
        throw new ArgumentOutOfRangeException(nameof(keyOffset), keyOffset, "The key offset must be 0-3.");
}
