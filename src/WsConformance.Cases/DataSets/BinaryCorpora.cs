using System.Buffers.Binary;
using System.Text;

namespace WsConformance.Cases.DataSets;

/// <summary>
/// A 512×512 8-bit greyscale BMP (like Autobahn's lena512.bmp, 263,222 bytes): smooth shapes and gradients with
/// a little noise, so it compresses like a photograph rather than like zeros.
/// </summary>
internal static class ImageCorpus
{
    public const int Seed = 12_2;
    private const int Side = 512;
    private const int FileHeaderSize = 14;
    private const int InfoHeaderSize = 40;
    private const int PaletteSize = 256 * 4;
    private const int PixelOffset = FileHeaderSize + InfoHeaderSize + PaletteSize;

    public static byte[] Generate()
    {
        var random = new Random(Seed);
        var bytes = new byte[PixelOffset + (Side * Side)];
        WriteHeaders(bytes);
        var blobs = Enumerable.Range(0, 24).Select(_ => (X: random.Next(Side), Y: random.Next(Side), R: 20 + random.Next(90), Tone: random.Next(-90, 90))).ToArray();
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                double value = 96 + (60 * Math.Sin(x / 47.0) * Math.Cos(y / 61.0)) + (x + y) / 16.0;
                foreach (var (bx, by, r, tone) in blobs)
                {
                    var d2 = ((x - bx) * (x - bx)) + ((y - by) * (y - by));
                    value += tone * Math.Exp(-d2 / (2.0 * r * r));
                }

                bytes[PixelOffset + (y * Side) + x] = (byte)Math.Clamp(value + random.Next(-6, 7), 0, 255);
            }
        }

        return bytes;
    }

    private static void WriteHeaders(byte[] bytes)
    {
        var span = bytes.AsSpan();
        span[0] = (byte)'B';
        span[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(span[2..], bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span[10..], PixelOffset);
        BinaryPrimitives.WriteInt32LittleEndian(span[14..], InfoHeaderSize);
        BinaryPrimitives.WriteInt32LittleEndian(span[18..], Side);
        BinaryPrimitives.WriteInt32LittleEndian(span[22..], Side);
        BinaryPrimitives.WriteInt16LittleEndian(span[26..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(span[28..], 8);
        BinaryPrimitives.WriteInt32LittleEndian(span[34..], Side * Side);
        BinaryPrimitives.WriteInt32LittleEndian(span[46..], 256);
        for (var grey = 0; grey < 256; grey++)
        {
            var entry = span.Slice(FileHeaderSize + InfoHeaderSize + (grey * 4), 4);
            entry[0] = entry[1] = entry[2] = (byte)grey;
        }
    }
}

/// <summary>
/// A PDF of about 1 MB (like Autobahn's 10.1.1.105.5439.pdf, 1,042,328 bytes): page objects and text in the clear,
/// most of the bytes in Flate-compressed content streams and noisy image streams, so most of it hardly compresses.
/// </summary>
internal static class PdfCorpus
{
    public const int Seed = 12_5;
    private const int TargetBytes = 1_042_000;

    public static byte[] Generate()
    {
        var random = new Random(Seed);
        using var pdf = new MemoryStream();
        var offsets = new List<long>();
        Write(pdf, "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        AddObject(pdf, offsets, "<< /Type /Catalog /Pages 2 0 R >>");
        AddObject(pdf, offsets, "<< /Type /Pages /Kids [] /Count 0 >>");
        while (pdf.Length < TargetBytes - 4096)
        {
            var page = offsets.Count + 1;
            AddObject(pdf, offsets, $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {page + 1} 0 R /Resources << /XObject << /Im{page} {page + 2} 0 R >> >> >>");
            AddStream(pdf, offsets, "/Filter /FlateDecode", Deflate(PageText(random)));
            AddStream(pdf, offsets, "/Type /XObject /Subtype /Image /Width 96 /Height 96 /BitsPerComponent 8 /ColorSpace /DeviceGray /Filter /FlateDecode", Deflate(Noise(random, 96 * 96)));
        }

        var xref = pdf.Length;
        Write(pdf, $"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            Write(pdf, $"{offset:D10} 00000 n \n");
        }

        Write(pdf, $"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    private static byte[] PageText(Random random)
    {
        var text = new StringBuilder("BT /F1 10 Tf 72 720 Td 12 TL\n");
        for (var line = 0; line < 50; line++)
        {
            text.Append('(').Append(CorpusWords.Sentence(random, CorpusWords.English, 6, 12).Replace("(", "", StringComparison.Ordinal)).Append(") Tj T*\n");
        }

        return Encoding.UTF8.GetBytes(text.Append("ET\n").ToString());
    }

    /// <summary>Photograph-like noise: a random walk, which deflate can shrink only a little.</summary>
    private static byte[] Noise(Random random, int length)
    {
        var bytes = new byte[length];
        var value = 128;
        for (var i = 0; i < length; i++)
        {
            value = Math.Clamp(value + random.Next(-40, 41), 0, 255);
            bytes[i] = (byte)value;
        }

        return bytes;
    }

    /// <summary>
    /// A zlib stream (RFC 1950: header, DEFLATE, Adler-32) made with the machine's zlib through the harness's own
    /// deflater, not System.IO.Compression, whose bundled zlib-ng gives other bytes from one .NET release to the next.
    /// </summary>
    private static byte[] Deflate(byte[] data)
    {
        using var deflater = new WsConformance.Protocol.Compression.MessageDeflater(level: 9);
        var adler = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(adler, Adler32(data));
        return [ZlibHeaderCmf, ZlibHeaderFlg, .. deflater.Compress(data), .. FinalEmptyBlock, .. adler];
    }

    private const byte ZlibHeaderCmf = 0x78;
    private const byte ZlibHeaderFlg = 0xDA;

    /// <summary>After the sync flush, a final empty fixed-Huffman block (BFINAL=1, BTYPE=01, end-of-block) ends the stream.</summary>
    private static readonly byte[] FinalEmptyBlock = [0x00, 0x00, 0xff, 0xff, 0x03, 0x00];

    private static uint Adler32(byte[] data)
    {
        const uint Modulus = 65521;
        uint a = 1, b = 0;
        foreach (var value in data)
        {
            a = (a + value) % Modulus;
            b = (b + a) % Modulus;
        }

        return (b << 16) | a;
    }

    private static void AddObject(MemoryStream pdf, List<long> offsets, string body)
    {
        offsets.Add(pdf.Length);
        Write(pdf, $"{offsets.Count} 0 obj\n{body}\nendobj\n");
    }

    private static void AddStream(MemoryStream pdf, List<long> offsets, string dictionary, byte[] data)
    {
        offsets.Add(pdf.Length);
        Write(pdf, $"{offsets.Count} 0 obj\n<< {dictionary} /Length {data.Length} >>\nstream\n");
        pdf.Write(data);
        Write(pdf, "\nendstream\nendobj\n");
    }

    private static void Write(MemoryStream pdf, string text) => pdf.Write(Encoding.Latin1.GetBytes(text));
}
