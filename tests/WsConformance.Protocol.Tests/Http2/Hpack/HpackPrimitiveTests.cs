using System.Buffers;
using System.Text;
using WsConformance.Protocol.Http2.Hpack;
using static WsConformance.Protocol.Tests.Decoding;

namespace WsConformance.Protocol.Tests.Http2.Hpack;

public class HpackIntegerTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(30, 5)]
    [InlineData(31, 5)]
    [InlineData(127, 7)]
    [InlineData(128, 7)]
    [InlineData(255, 8)]
    [InlineData(16_383, 6)]
    [InlineData(int.MaxValue, 1)]
    [InlineData(int.MaxValue, 8)]
    public void Values_round_trip_at_every_prefix_boundary(int value, int prefixBits)
    {
        var written = new ArrayBufferWriter<byte>();
        HpackInteger.Write(written, value, prefixBits, firstOctetFlags: 0);

        Assert.Equal(HpackError.None, HpackInteger.TryDecode(written.WrittenSpan, prefixBits, out int decoded, out int consumed));
        Assert.Equal(value, decoded);
        Assert.Equal(written.WrittenCount, consumed);
    }

    [Fact]
    public void The_high_bits_of_the_first_octet_are_not_part_of_the_value()
    {
        Assert.Equal(HpackError.None, HpackInteger.TryDecode(Hex("ea"), 5, out int value, out _)); // 111 01010

        Assert.Equal(10, value);
    }

    [Theory]
    [InlineData("", HpackError.Truncated)]
    [InlineData("1f", HpackError.Truncated)]
    [InlineData("1f 9a", HpackError.Truncated)]
    [InlineData("1f e0ffffff07", HpackError.None)] // 31 + 0x7fffffe0 = 2^31 - 1, the largest value
    [InlineData("1f e1ffffff07", HpackError.IntegerOverflow)] // 2^31
    [InlineData("1f 8080808080 00", HpackError.IntegerOverflow)]
    public void Incomplete_and_overflowing_integers_are_errors(string hex, HpackError expected) =>
        Assert.Equal(expected, HpackInteger.TryDecode(Hex(hex), 5, out _, out _));
}

public class HpackHuffmanTests
{
    [Fact]
    public void The_decoding_tables_are_the_canonical_order_of_the_rfc_code_table()
    {
        ReadOnlySpan<uint> codes = HpackHuffmanTable.Codes;
        ReadOnlySpan<byte> lengths = HpackHuffmanTable.Lengths;
        int[] canonical = [.. Enumerable.Range(0, 257).OrderBy(symbol => HpackHuffmanTable.Lengths[symbol]).ThenBy(symbol => symbol)];
        uint code = 0;
        for (int rank = 0; rank < canonical.Length; rank++)
        {
            int symbol = canonical[rank];
            if (rank > 0)
            {
                code = (code + 1) << (lengths[symbol] - lengths[canonical[rank - 1]]);
            }

            Assert.Equal(code, codes[symbol]);
            Assert.Equal(symbol, HpackHuffmanTable.SymbolsInCanonicalOrder[rank]);
        }

        for (int length = 0; length <= HpackHuffmanTable.MaxCodeLength; length++)
        {
            Assert.Equal(canonical.Count(symbol => HpackHuffmanTable.Lengths[symbol] == length), HpackHuffmanTable.CountsByLength[length]);
        }
    }

    [Theory]
    [InlineData("www.example.com", "f1e3c2e5f23a6ba0ab90f4ff")] // C.4.1
    [InlineData("no-cache", "a8eb10649cbf")] // C.4.2
    [InlineData("custom-key", "25a849e95ba97d7f")] // C.4.3
    [InlineData("302", "6402")] // C.6.1
    [InlineData("307", "640eff")] // C.6.2
    [InlineData("", "")]
    public void Strings_encode_and_decode_as_in_the_rfc(string text, string hex)
    {
        byte[] octets = Encoding.Latin1.GetBytes(text);
        var encoded = new byte[HpackHuffman.GetEncodedLength(octets)];

        Assert.Equal(encoded.Length, HpackHuffman.Encode(octets, encoded));
        Assert.Equal(Hex(hex), encoded);
        Assert.Equal(octets, Decode(encoded));
    }

    [Fact]
    public void Every_octet_round_trips_alone_and_all_together()
    {
        byte[] all = [.. Enumerable.Range(0, 256).Select(value => (byte)value)];
        foreach (byte octet in all)
        {
            Assert.Equal([octet], Decode(Encode([octet])));
        }

        Assert.Equal(all, Decode(Encode(all)));
    }

    [Theory]
    [InlineData("ffffffff", HpackError.HuffmanEndOfString)] // 30 ones are EOS
    [InlineData("1fff", HpackError.HuffmanPaddingTooLong)] // "a" then 11 ones
    [InlineData("ff", HpackError.HuffmanPaddingTooLong)] // 8 ones: a whole octet of padding
    [InlineData("18", HpackError.HuffmanPaddingNotEndOfString)] // "a" then 000
    [InlineData("00", HpackError.HuffmanPaddingNotEndOfString)] // "0" then 000
    [InlineData("1e", HpackError.HuffmanPaddingNotEndOfString)] // "a" then 110
    public void Invalid_codes_and_padding_are_errors(string hex, HpackError expected)
    {
        byte[] encoded = Hex(hex);

        Assert.Equal(expected, HpackHuffman.Decode(encoded, new byte[HpackHuffman.GetMaxDecodedLength(encoded.Length)], out _));
    }

    private static byte[] Encode(byte[] octets)
    {
        var encoded = new byte[HpackHuffman.GetEncodedLength(octets)];
        HpackHuffman.Encode(octets, encoded);
        return encoded;
    }

    private static byte[] Decode(byte[] encoded)
    {
        var decoded = new byte[HpackHuffman.GetMaxDecodedLength(encoded.Length)];
        Assert.Equal(HpackError.None, HpackHuffman.Decode(encoded, decoded, out int written));
        return decoded[..written];
    }
}

public class HpackDynamicTableTests
{
    [Fact]
    public void Adding_evicts_the_oldest_entries_until_the_new_one_fits()
    {
        var table = new HpackDynamicTable(maxSize: 100);
        table.Add(new("a", "1")); // 34
        table.Add(new("b", "2")); // 34
        table.Add(new("c", "3")); // 34: 102 > 100, so "a" goes

        Assert.Equal(2, table.Count);
        Assert.Equal(68, table.Size);
        Assert.Equal(new HeaderField("c", "3"), table[1]);
        Assert.Equal(new HeaderField("b", "2"), table[2]);
    }

    [Fact]
    public void Lowering_the_maximum_size_evicts_and_zero_empties()
    {
        var table = new HpackDynamicTable(maxSize: 100);
        table.Add(new("a", "1"));
        table.Add(new("b", "2"));

        table.SetMaxSize(40);
        Assert.Equal(new HeaderField("b", "2"), Assert.Single(table.Entries()));
        table.SetMaxSize(0);
        Assert.Equal(0, table.Count);
        Assert.Equal(0, table.Size);
    }

    [Fact]
    public void Many_entries_wrap_around_and_grow_the_ring_in_order()
    {
        var table = new HpackDynamicTable(maxSize: 34 * 40);
        for (int number = 0; number < 100; number++)
        {
            table.Add(new("n", $"{number % 10}"));
            Assert.Equal($"{number % 10}", table[1].Value);
        }

        Assert.Equal(40, table.Count);
        Assert.Equal(Enumerable.Range(60, 40).Reverse().Select(number => $"{number % 10}"), table.Entries().Select(entry => entry.Value));
    }

    [Fact]
    public void Lookups_find_the_newest_match()
    {
        var table = new HpackDynamicTable(maxSize: 4096);
        table.Add(new("x", "1"));
        table.Add(new("x", "2"));

        Assert.Equal(2, table.IndexOf(new("x", "1")));
        Assert.Equal(1, table.IndexOfName("x"));
        Assert.Equal(0, table.IndexOf(new("x", "3")));
        Assert.Throws<ArgumentOutOfRangeException>(() => table[3]);
    }
}
