using System.Runtime.InteropServices;

namespace WsConformance.Protocol.Compression;

/// <summary>
/// The few entry points of the machine's zlib (libz.so.1) that permessage-deflate needs. System.IO.Compression
/// offers no window-bits control, and RFC 7692 §7.1.2 makes the LZ77 window size part of the negotiation, so
/// the harness talks to zlib directly. See Compression/README.md for the reasons and the 8-bit window caveat.
/// </summary>
internal static unsafe partial class ZlibNative
{
    private const string Library = "libz.so.1";

    /// <summary>The version string zlib checks in deflateInit2_/inflateInit2_ (only its first character matters).</summary>
    private static readonly byte[] ExpectedVersion = "1.2.11\0"u8.ToArray();

    public const int Ok = 0;
    public const int StreamEnd = 1;
    public const int NeedDictionary = 2;
    public const int BufferError = -5;

    public const int NoFlush = 0;
    public const int SyncFlush = 2;

    public const int Deflated = 8;
    public const int DefaultCompression = -1;
    public const int DefaultStrategy = 0;
    public const int DefaultMemoryLevel = 8;

    /// <summary>zlib's <c>z_stream</c> on LP64 platforms (uLong is a C long, hence <see cref="CULong"/>).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ZStream
    {
        public byte* NextIn;
        public uint AvailIn;
        public CULong TotalIn;
        public byte* NextOut;
        public uint AvailOut;
        public CULong TotalOut;
        public byte* Message;
        public nint State;
        public nint ZAlloc;
        public nint ZFree;
        public nint Opaque;
        public int DataType;
        public CULong Adler;
        public CULong Reserved;
    }

    public static int DeflateInit(ZStream* stream, int level, int windowBits, int memoryLevel)
    {
        fixed (byte* version = ExpectedVersion)
        {
            return DeflateInit2(stream, level, Deflated, windowBits, memoryLevel, DefaultStrategy, version, sizeof(ZStream));
        }
    }

    public static int InflateInit(ZStream* stream, int windowBits)
    {
        fixed (byte* version = ExpectedVersion)
        {
            return InflateInit2(stream, windowBits, version, sizeof(ZStream));
        }
    }

    /// <summary>zlib's message for the last error of <paramref name="stream"/>, or the return code.</summary>
    public static string Describe(ZStream* stream, int code) =>
        stream->Message != null ? Marshal.PtrToStringAnsi((nint)stream->Message) ?? $"zlib error {code}" : $"zlib error {code}";

    [LibraryImport(Library, EntryPoint = "deflateInit2_")]
    private static partial int DeflateInit2(ZStream* stream, int level, int method, int windowBits, int memLevel, int strategy, byte* version, int streamSize);

    [LibraryImport(Library, EntryPoint = "deflate")]
    public static partial int Deflate(ZStream* stream, int flush);

    [LibraryImport(Library, EntryPoint = "deflateReset")]
    public static partial int DeflateReset(ZStream* stream);

    [LibraryImport(Library, EntryPoint = "deflateEnd")]
    public static partial int DeflateEnd(ZStream* stream);

    [LibraryImport(Library, EntryPoint = "inflateInit2_")]
    private static partial int InflateInit2(ZStream* stream, int windowBits, byte* version, int streamSize);

    [LibraryImport(Library, EntryPoint = "inflate")]
    public static partial int Inflate(ZStream* stream, int flush);

    [LibraryImport(Library, EntryPoint = "inflateReset")]
    public static partial int InflateReset(ZStream* stream);

    [LibraryImport(Library, EntryPoint = "inflateEnd")]
    public static partial int InflateEnd(ZStream* stream);
}
