using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Protocol.Tests.Http2.Hpack;

/// <summary>One header block of RFC 7541 Appendix C: its bytes, its fields, and the dynamic table after it (newest first, with sizes).</summary>
internal sealed record RfcBlock(string Section, string Hex, HeaderField[] Fields, (long Size, HeaderField Entry)[] TableAfter);

/// <summary>Consecutive blocks of one connection direction (C.3 to C.6), sharing the dynamic table.</summary>
internal sealed record RfcSequence(string Name, int MaxTableSize, HuffmanPolicy Huffman, RfcBlock[] Blocks);

/// <summary>A single-field example of C.2, with the indexing an encoder must choose and the representation it gives.</summary>
internal sealed record RfcSingleField(RfcBlock Block, HpackIndexing Indexing, HpackRepresentation Representation);

/// <summary>
/// RFC 7541 Appendix C.2 to C.6, transcribed from the RFC: hex dumps, decoded header lists and dynamic tables.
/// C.5 and C.6 run with a 256-octet table, so entries are evicted.
/// </summary>
internal static class HpackRfcExamples
{
    public static readonly Dictionary<string, RfcSequence> Sequences = new RfcSequence[]
    {
        new("C.3", 4096, HuffmanPolicy.Never,
        [
            new("C.3.1", "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
                [new(":method", "GET"), new(":scheme", "http"), new(":path", "/"), new(":authority", "www.example.com")],
                [(57, new(":authority", "www.example.com"))]),
            new("C.3.2", "8286 84be 5808 6e6f 2d63 6163 6865",
                [new(":method", "GET"), new(":scheme", "http"), new(":path", "/"), new(":authority", "www.example.com"), new("cache-control", "no-cache")],
                [(53, new("cache-control", "no-cache")), (57, new(":authority", "www.example.com"))]),
            new("C.3.3", "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65",
                [new(":method", "GET"), new(":scheme", "https"), new(":path", "/index.html"), new(":authority", "www.example.com"), new("custom-key", "custom-value")],
                [(54, new("custom-key", "custom-value")), (53, new("cache-control", "no-cache")), (57, new(":authority", "www.example.com"))]),
        ]),
        new("C.4", 4096, HuffmanPolicy.WhenNotLonger,
        [
            new("C.4.1", "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
                [new(":method", "GET"), new(":scheme", "http"), new(":path", "/"), new(":authority", "www.example.com")],
                [(57, new(":authority", "www.example.com"))]),
            new("C.4.2", "8286 84be 5886 a8eb 1064 9cbf",
                [new(":method", "GET"), new(":scheme", "http"), new(":path", "/"), new(":authority", "www.example.com"), new("cache-control", "no-cache")],
                [(53, new("cache-control", "no-cache")), (57, new(":authority", "www.example.com"))]),
            new("C.4.3", "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf",
                [new(":method", "GET"), new(":scheme", "https"), new(":path", "/index.html"), new(":authority", "www.example.com"), new("custom-key", "custom-value")],
                [(54, new("custom-key", "custom-value")), (53, new("cache-control", "no-cache")), (57, new(":authority", "www.example.com"))]),
        ]),
        new("C.5", 256, HuffmanPolicy.Never,
        [
            new("C.5.1", "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
                [new(":status", "302"), new("cache-control", "private"), new("date", "Mon, 21 Oct 2013 20:13:21 GMT"), new("location", "https://www.example.com")],
                [(63, new("location", "https://www.example.com")), (65, new("date", "Mon, 21 Oct 2013 20:13:21 GMT")), (52, new("cache-control", "private")), (42, new(":status", "302"))]),
            new("C.5.2", "4803 3330 37c1 c0bf",
                [new(":status", "307"), new("cache-control", "private"), new("date", "Mon, 21 Oct 2013 20:13:21 GMT"), new("location", "https://www.example.com")],
                [(42, new(":status", "307")), (63, new("location", "https://www.example.com")), (65, new("date", "Mon, 21 Oct 2013 20:13:21 GMT")), (52, new("cache-control", "private"))]),
            new("C.5.3", "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31",
                [new(":status", "200"), new("cache-control", "private"), new("date", "Mon, 21 Oct 2013 20:13:22 GMT"), new("location", "https://www.example.com"), new("content-encoding", "gzip"), new("set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1")],
                [(98, new("set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1")), (52, new("content-encoding", "gzip")), (65, new("date", "Mon, 21 Oct 2013 20:13:22 GMT"))]),
        ]),
        new("C.6", 256, HuffmanPolicy.WhenNotLonger,
        [
            new("C.6.1", "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
                [new(":status", "302"), new("cache-control", "private"), new("date", "Mon, 21 Oct 2013 20:13:21 GMT"), new("location", "https://www.example.com")],
                [(63, new("location", "https://www.example.com")), (65, new("date", "Mon, 21 Oct 2013 20:13:21 GMT")), (52, new("cache-control", "private")), (42, new(":status", "302"))]),
            new("C.6.2", "4883 640e ffc1 c0bf",
                [new(":status", "307"), new("cache-control", "private"), new("date", "Mon, 21 Oct 2013 20:13:21 GMT"), new("location", "https://www.example.com")],
                [(42, new(":status", "307")), (63, new("location", "https://www.example.com")), (65, new("date", "Mon, 21 Oct 2013 20:13:21 GMT")), (52, new("cache-control", "private"))]),
            new("C.6.3", "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07",
                [new(":status", "200"), new("cache-control", "private"), new("date", "Mon, 21 Oct 2013 20:13:22 GMT"), new("location", "https://www.example.com"), new("content-encoding", "gzip"), new("set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1")],
                [(98, new("set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1")), (52, new("content-encoding", "gzip")), (65, new("date", "Mon, 21 Oct 2013 20:13:22 GMT"))]),
        ]),
    }.ToDictionary(sequence => sequence.Name);

    public static readonly Dictionary<string, RfcSingleField> SingleFields = new RfcSingleField[]
    {
        new(new("C.2.1", "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572",
                [new("custom-key", "custom-header")],
                [(55, new("custom-key", "custom-header"))]),
            HpackIndexing.Incremental, HpackRepresentation.LiteralWithIndexing),
        new(new("C.2.2", "040c 2f73 616d 706c 652f 7061 7468",
                [new(":path", "/sample/path")],
                []),
            HpackIndexing.WithoutIndexing, HpackRepresentation.LiteralWithoutIndexing),
        new(new("C.2.3", "1008 7061 7373 776f 7264 0673 6563 7265 74",
                [new("password", "secret")],
                []),
            HpackIndexing.NeverIndexed, HpackRepresentation.LiteralNeverIndexed),
        new(new("C.2.4", "82",
                [new(":method", "GET")],
                []),
            HpackIndexing.Incremental, HpackRepresentation.Indexed),
    }.ToDictionary(single => single.Block.Section);

    public static TheoryData<string> SequenceNames => new(Sequences.Keys);

    public static TheoryData<string> SingleFieldNames => new(SingleFields.Keys);

    /// <summary>Every block of every sequence, as (sequence, index of the block).</summary>
    public static TheoryData<string, int> AllBlocks
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (RfcSequence sequence in Sequences.Values)
            {
                for (int index = 0; index < sequence.Blocks.Length; index++)
                {
                    data.Add(sequence.Name, index);
                }
            }

            return data;
        }
    }
}
