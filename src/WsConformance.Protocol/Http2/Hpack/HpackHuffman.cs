namespace WsConformance.Protocol.Http2.Hpack;

/// <summary>The static Huffman code of RFC 7541 §5.2 and Appendix B: encoding, and decoding with its errors as values.</summary>
public static class HpackHuffman
{
    private const int BitsPerOctet = 8;
    private const int ShortestCodeLength = 5;

    /// <summary>Padding is at most 7 bits: a longer run would be a whole octet that carries no symbol.</summary>
    private const int MaxPaddingBits = 7;

    /// <summary>Octets the Huffman code of <paramref name="source"/> takes, padding included.</summary>
    public static int GetEncodedLength(ReadOnlySpan<byte> source)
    {
        long bits = 0;
        foreach (byte octet in source)
        {
            bits += HpackHuffmanTable.Lengths[octet];
        }

        return checked((int)((bits + BitsPerOctet - 1) / BitsPerOctet));
    }

    /// <summary>The most octets <see cref="Decode"/> can produce from <paramref name="encodedLength"/> octets (5-bit codes).</summary>
    public static int GetMaxDecodedLength(int encodedLength) => (int)((long)encodedLength * BitsPerOctet / ShortestCodeLength);

    /// <summary>Writes the code of <paramref name="source"/>, padded with the high bits of EOS (ones); returns the octets written.</summary>
    public static int Encode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        ulong pending = 0;
        int pendingBits = 0;
        int written = 0;
        foreach (byte octet in source)
        {
            int length = HpackHuffmanTable.Lengths[octet];
            pending = (pending << length) | HpackHuffmanTable.Codes[octet];
            pendingBits += length;
            while (pendingBits >= BitsPerOctet)
            {
                pendingBits -= BitsPerOctet;
                destination[written++] = (byte)(pending >> pendingBits);
            }
        }

        if (pendingBits > 0)
        {
            int padding = BitsPerOctet - pendingBits;
            destination[written++] = (byte)((pending << padding) | ((1UL << padding) - 1));
        }

        return written;
    }

    /// <summary>
    /// Decodes <paramref name="source"/> into <paramref name="destination"/>, which must hold
    /// <see cref="GetMaxDecodedLength"/> octets. Walks the canonical code bit by bit: at each length, the code read
    /// so far is a symbol when it is below the first code of that length plus the number of codes of that length.
    /// </summary>
    public static HpackError Decode(ReadOnlySpan<byte> source, Span<byte> destination, out int written)
    {
        written = 0;
        int code = 0;
        int firstCode = 0;
        int symbolIndex = 0;
        int codeLength = 0;
        foreach (byte octet in source)
        {
            for (int bit = BitsPerOctet - 1; bit >= 0; bit--)
            {
                code |= (octet >> bit) & 1;
                codeLength++;
                int count = HpackHuffmanTable.CountsByLength[codeLength];
                if (code - firstCode < count)
                {
                    int symbol = HpackHuffmanTable.SymbolsInCanonicalOrder[symbolIndex + code - firstCode];
                    if (symbol == HpackHuffmanTable.EndOfString)
                    {
                        return HpackError.HuffmanEndOfString;
                    }

                    destination[written++] = (byte)symbol;
                    (code, firstCode, symbolIndex, codeLength) = (0, 0, 0, 0);
                    continue;
                }

                // The code is complete (Kraft sum 1): every 30-bit run is a symbol, so codeLength never passes 30.
                symbolIndex += count;
                firstCode = (firstCode + count) << 1;
                code <<= 1;
            }
        }

        return PaddingError(code >> 1, codeLength);
    }

    /// <summary>The bits left after the last symbol must be fewer than 8 and all ones (a prefix of EOS).</summary>
    private static HpackError PaddingError(int paddingBits, int paddingLength)
    {
        if (paddingLength > MaxPaddingBits)
        {
            return HpackError.HuffmanPaddingTooLong;
        }

        return paddingBits == (1 << paddingLength) - 1 ? HpackError.None : HpackError.HuffmanPaddingNotEndOfString;
    }
}
