using System.Text;
using System.Text.Json;
using WsConformance.Cases.DataSets;
using WsConformance.Cases.Model;

namespace WsConformance.Cases.Tests.Compression;

public class DataSetTests
{
    /// <summary>Name, whether cut by characters, and the size band around Autobahn's file of the same kind.</summary>
    public static TheoryData<string, bool, int, int> Sets => new()
    {
        { "json", true, 190_000, 200_000 },
        { "image", false, 263_222, 263_222 },
        { "prose", false, 218_000, 226_000 },
        { "html", true, 259_000, 269_000 },
        { "pdf", false, 1_020_000, 1_060_000 },
    };

    [Theory]
    [MemberData(nameof(Sets))]
    public void Data_sets_have_their_kind_and_size(string name, bool isText, int min, int max)
    {
        var set = GeneratedDataSets.Get(name)!;
        Assert.Equal(isText, set.IsText);
        Assert.InRange(set.Bytes.Length, min, max);
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Data_sets_are_the_same_on_every_generation(string name, bool isText, int min, int max)
    {
        _ = (isText, min, max);
        var again = name switch
        {
            "json" => JsonCorpus.Generate(),
            "image" => ImageCorpus.Generate(),
            "prose" => ProseCorpus.Generate(),
            "html" => HtmlCorpus.Generate(),
            _ => PdfCorpus.Generate(),
        };
        Assert.Equal(GeneratedDataSets.Get(name)!.Bytes, again);
    }

    [Fact]
    public void The_json_set_is_a_json_document_with_non_ascii_text()
    {
        var bytes = GeneratedDataSets.Get("json")!.Bytes;
        using var document = JsonDocument.Parse(bytes);
        Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
        Assert.True(Encoding.UTF8.GetCharCount(bytes) < bytes.Length, "all ASCII: characters and bytes would not differ");
    }

    [Fact]
    public void The_image_set_is_a_512_by_512_8_bit_bmp()
    {
        var bytes = GeneratedDataSets.Get("image")!.Bytes;
        Assert.Equal("BM"u8.ToArray(), bytes[..2]);
        Assert.Equal((512, 512, 8), (BitConverter.ToInt32(bytes, 18), BitConverter.ToInt32(bytes, 22), (int)BitConverter.ToInt16(bytes, 28)));
    }

    [Fact]
    public void The_pdf_set_starts_and_ends_like_a_pdf()
    {
        var text = Encoding.Latin1.GetString(GeneratedDataSets.Get("pdf")!.Bytes);
        Assert.StartsWith("%PDF-1.4", text, StringComparison.Ordinal);
        Assert.EndsWith("%%EOF\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("json", 16)]
    [InlineData("html", 131072)]
    [InlineData("json", 4096)]
    public void Text_slices_never_split_a_utf8_sequence_even_across_the_wrap(string name, int size)
    {
        var set = GeneratedDataSets.Get(name)!;
        for (var index = 0; index < 1000; index += 37)
        {
            var slice = set.Slice(index, size).Span;
            Assert.True(System.Text.Unicode.Utf8.IsValid(slice), $"slice {index}");
            Assert.Equal(size, Encoding.UTF8.GetCharCount(slice) - CountSurrogatePairs(slice));
        }
    }

    [Fact]
    public void Slices_follow_one_another_and_wrap_around()
    {
        var set = new DataSet("abc", "abcdefg"u8.ToArray(), isText: false);
        string[] slices = [.. Enumerable.Range(0, 4).Select(i => Encoding.ASCII.GetString(set.Slice(i, 3).Span))];
        Assert.Equal(["abc", "def", "gab", "cde"], slices);
    }

    [Fact]
    public void Text_sets_are_cut_by_characters()
    {
        var set = new DataSet("greek", Encoding.UTF8.GetBytes("κόσμε"), isText: true);
        Assert.Equal("κό", Encoding.UTF8.GetString(set.Slice(0, 2).Span));
        Assert.Equal("εκ", Encoding.UTF8.GetString(set.Slice(2, 2).Span));
    }

    [Fact]
    public void Slice_digests_are_sha1_of_the_slice()
    {
        var slices = new DataSlices(GeneratedDataSets.Get("prose")!, 1024);
#pragma warning disable CA5350 // Autobahn compares echoes by SHA-1; nothing is protected by it.
        Assert.Equal(System.Security.Cryptography.SHA1.HashData(slices.Slice(7).Span), slices.Sha1(7));
#pragma warning restore CA5350
    }

    private static int CountSurrogatePairs(ReadOnlySpan<byte> utf8)
    {
        var pairs = 0;
        foreach (var b in utf8)
        {
            pairs += b >= 0xF0 ? 1 : 0;
        }

        return pairs;
    }
}
