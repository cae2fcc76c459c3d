using System.Buffers;

namespace WsConformance.Protocol.Http2.Hpack;

/// <summary>The prefixed integers of RFC 7541 §5.1: N bits in the first octet, then 7 bits per continuation octet.</summary>
public static class HpackInteger
{
    private const int ContinuationBit = 0x80;
    private const int ContinuationValueBits = 0x7F;
    private const int BitsPerContinuation = 7;

    /// <summary>Five continuation octets carry 35 bits, enough for any int; more is refused (§5.1 allows a limit).</summary>
    private const int MaxShift = 5 * BitsPerContinuation;

    /// <summary>
    /// Reads an integer whose first octet is <c>input[0]</c>, using its low <paramref name="prefixBits"/> bits (the
    /// high bits belong to the representation). Values above <see cref="int.MaxValue"/> are an overflow.
    /// </summary>
    public static HpackError TryDecode(ReadOnlySpan<byte> input, int prefixBits, out int value, out int consumed)
    {
        value = 0;
        consumed = 0;
        if (input.IsEmpty)
        {
            return HpackError.Truncated;
        }

        int prefixMax = (1 << prefixBits) - 1;
        long result = input[0] & prefixMax;
        int position = 1;
        if (result == prefixMax)
        {
            HpackError error = ReadContinuation(input, ref position, ref result);
            if (error != HpackError.None)
            {
                return error;
            }
        }

        value = (int)result;
        consumed = position;
        return HpackError.None;
    }

    /// <summary>Writes <paramref name="value"/> with a <paramref name="prefixBits"/>-bit prefix after the high bits <paramref name="firstOctetFlags"/>.</summary>
    public static void Write(IBufferWriter<byte> destination, long value, int prefixBits, byte firstOctetFlags)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        int prefixMax = (1 << prefixBits) - 1;
        Span<byte> octets = destination.GetSpan(11);
        int length = 0;
        if (value < prefixMax)
        {
            octets[length++] = (byte)(firstOctetFlags | value);
        }
        else
        {
            octets[length++] = (byte)(firstOctetFlags | prefixMax);
            for (value -= prefixMax; value >= ContinuationBit; value >>= BitsPerContinuation)
            {
                octets[length++] = (byte)(ContinuationBit | (value & ContinuationValueBits));
            }

            octets[length++] = (byte)value;
        }

        destination.Advance(length);
    }

    private static HpackError ReadContinuation(ReadOnlySpan<byte> input, ref int position, ref long result)
    {
        for (int shift = 0; ; shift += BitsPerContinuation)
        {
            if (shift >= MaxShift)
            {
                return HpackError.IntegerOverflow;
            }

            if (position == input.Length)
            {
                return HpackError.Truncated;
            }

            byte octet = input[position++];
            result += (long)(octet & ContinuationValueBits) << shift;
            if (result > int.MaxValue)
            {
                return HpackError.IntegerOverflow;
            }

            if ((octet & ContinuationBit) == 0)
            {
                return HpackError.None;
            }
        }
    }
}
