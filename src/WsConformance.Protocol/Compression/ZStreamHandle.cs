using System.Runtime.InteropServices;

namespace WsConformance.Protocol.Compression;

/// <summary>
/// Owns one zlib stream: the <c>z_stream</c> sits in native memory (zlib keeps a pointer back to it, so it must
/// not move) and is ended and freed exactly once, by the handle, even when its owner is never disposed.
/// </summary>
internal sealed unsafe class ZStreamHandle : SafeHandle
{
    private readonly bool _isDeflate;

    private ZStreamHandle(bool isDeflate)
        : base(nint.Zero, ownsHandle: true)
    {
        _isDeflate = isDeflate;
        SetHandle((nint)NativeMemory.AllocZeroed((nuint)sizeof(ZlibNative.ZStream)));
    }

    public override bool IsInvalid => handle == nint.Zero;

    public ZlibNative.ZStream* Stream => (ZlibNative.ZStream*)handle;

    /// <summary>A raw-DEFLATE compressor (negative window bits: no zlib header or trailer, RFC 7692 §7.2.1).</summary>
    /// <remarks>
    /// The hash table is sized like the window (zlib's memLevel = windowBits − 7, i.e. 2^windowBits entries): zlib
    /// rescans its whole hash table each time the window slides, so the default 32 Ki-entry table over a 4 KiB
    /// window costs several times the compression itself.
    /// </remarks>
    public static ZStreamHandle CreateDeflate(int level, int windowBits)
    {
        var owner = new ZStreamHandle(isDeflate: true);
        var memoryLevel = Math.Clamp(windowBits - 7, 1, ZlibNative.DefaultMemoryLevel);
        var code = ZlibNative.DeflateInit(owner.Stream, level, -windowBits, memoryLevel);
        return code == ZlibNative.Ok ? owner : owner.FailInit(code);
    }

    /// <summary>A raw-DEFLATE decompressor (RFC 7692 §7.2.2).</summary>
    public static ZStreamHandle CreateInflate(int windowBits)
    {
        var owner = new ZStreamHandle(isDeflate: false);
        var code = ZlibNative.InflateInit(owner.Stream, -windowBits);
        return code == ZlibNative.Ok ? owner : owner.FailInit(code);
    }

    protected override bool ReleaseHandle()
    {
        var stream = (ZlibNative.ZStream*)handle;
        if (stream->State != nint.Zero)
        {
            _ = _isDeflate ? ZlibNative.DeflateEnd(stream) : ZlibNative.InflateEnd(stream);
        }

        NativeMemory.Free(stream);
        return true;
    }

    private ZStreamHandle FailInit(int code)
    {
        Dispose();
        throw new InvalidOperationException($"zlib refused to initialise a stream (code {code}).");
    }
}
