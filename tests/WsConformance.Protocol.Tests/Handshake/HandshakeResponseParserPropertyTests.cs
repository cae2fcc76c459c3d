using FsCheck;
using FsCheck.Fluent;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Protocol.Tests.Handshake;

public class HandshakeResponseParserPropertyTests
{
    private const int SmallLimit = 256;

    /// <summary>Bytes that make up responses, so random input gets past the status line now and then.</summary>
    private static readonly byte[] HttpAlphabet = ResponseVectors.Bytes("HTTP/1.1 101 Upgrade: websocket\r\n\r\n\t:,\u0000\u00e9");

    private static Gen<byte[]> AnyBytes => ArbMap.Default.GeneratorFor<byte[]>();

    private static Gen<byte[]> HttpLikeBytes => Gen.Elements(HttpAlphabet).ArrayOf();

    private static Gen<byte[]> MutatedValidResponse =>
        from text in Gen.Elements(ResponseVectors.Valid.Select(row => (string)row[0]).ToArray())
        let bytes = ResponseVectors.Bytes(text)
        from position in Gen.Choose(0, bytes.Length - 1)
        from replacement in ArbMap.Default.GeneratorFor<byte>()
        select Replace(bytes, position, replacement);

    private static Gen<int[]> ChunkSizes => Gen.Choose(1, 40).NonEmptyListOf().Select(sizes => sizes.ToArray());

    [Fact]
    public void Never_throws_and_keeps_its_contract_on_random_bytes_in_random_chunks()
    {
        var input = Gen.OneOf(AnyBytes, HttpLikeBytes, MutatedValidResponse).Zip(ChunkSizes).ToArbitrary();

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000).WithReplay(20240611, 7919),
            Prop.ForAll(input, pair => FeedsKeepContract(pair.Item1, pair.Item2)));
    }

    [Fact]
    public void Valid_responses_parse_the_same_in_any_chunking()
    {
        var input = Gen.Elements(ResponseVectors.Valid.Select(row => (string)row[0]).ToArray()).Zip(ChunkSizes).ToArbitrary();

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500).WithReplay(424242, 104729),
            Prop.ForAll(input, pair => ChunkedEqualsWhole(pair.Item1, pair.Item2)));
    }

    private static bool FeedsKeepContract(byte[] bytes, int[] chunkSizes)
    {
        var parser = new HandshakeResponseParser(SmallLimit);
        var status = ResponseParseStatus.NeedMoreData;
        foreach (var chunk in Chunks(bytes, chunkSizes))
        {
            status = parser.Feed(chunk, out var consumed, out var response, out var violation);
            var consistent = status switch
            {
                ResponseParseStatus.NeedMoreData => consumed == chunk.Length && response is null && violation is null,
                ResponseParseStatus.Complete => consumed <= chunk.Length && response is not null && violation is null,
                _ => consumed <= chunk.Length && response is null && violation is not null,
            };
            if (!consistent || parser.BufferedBytes > SmallLimit)
            {
                return false;
            }
        }

        return true;
    }

    private static bool ChunkedEqualsWhole(string text, int[] chunkSizes)
    {
        new HandshakeResponseParser().Feed(ResponseVectors.Bytes(text), out _, out var whole, out _);
        var parser = new HandshakeResponseParser();
        HandshakeResponse? chunked = null;
        foreach (var chunk in Chunks(ResponseVectors.Bytes(text), chunkSizes))
        {
            parser.Feed(chunk, out _, out chunked, out _);
        }

        return chunked is not null && whole is not null && chunked.RawText == whole.RawText
            && chunked.StatusCode == whole.StatusCode && chunked.Headers.SequenceEqual(whole.Headers);
    }

    /// <summary>Cuts <paramref name="bytes"/> into pieces of the given sizes, cycling through them.</summary>
    private static IEnumerable<byte[]> Chunks(byte[] bytes, int[] sizes)
    {
        for (int offset = 0, index = 0; offset < bytes.Length; index++)
        {
            var size = Math.Min(sizes[index % sizes.Length], bytes.Length - offset);
            yield return bytes[offset..(offset + size)];
            offset += size;
        }
    }

    private static byte[] Replace(byte[] bytes, int position, byte replacement)
    {
        var copy = (byte[])bytes.Clone();
        copy[position] = replacement;
        return copy;
    }
}
