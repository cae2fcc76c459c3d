using System.Reflection;
using System.Runtime.InteropServices;
using WsConformance.Fuzzing.Instrumentation;

namespace WsConformance.Fuzzing.Coverage;

/// <summary>
/// A coverage map: native memory the probes of instrumented assemblies count edges into, and the touched-chunk
/// summary they mark (one byte per 64 map bytes, see <see cref="CoverageConstants.TouchedField"/>).
/// </summary>
public sealed unsafe class CoverageMap : IDisposable
{
    /// <summary>The summary is swept in 64-byte vectors, so it is never shorter than one.</summary>
    private const int MinTouchedSize = 64;

    private readonly bool _ownsMap;

    private CoverageMap(byte* pointer, int size, bool ownsMap)
    {
        Pointer = pointer;
        Size = size;
        TouchedSize = Math.Max(MinTouchedSize, size >> CoverageConstants.TouchedChunkShift);
        Touched = (byte*)NativeMemory.AllocZeroed((nuint)TouchedSize);
        _ownsMap = ownsMap;
    }

    /// <summary>Start of the map.</summary>
    public byte* Pointer { get; private set; }

    /// <summary>Size in bytes (a power of two).</summary>
    public int Size { get; }

    /// <summary>Start of the touched-chunk summary: byte <c>i</c> is non-zero when map bytes <c>64 i</c> to <c>64 i + 63</c> may have counts.</summary>
    public byte* Touched { get; private set; }

    /// <summary>Size of the summary in bytes (a multiple of 64).</summary>
    public int TouchedSize { get; }

    /// <summary>The map as a span, for inspection.</summary>
    public Span<byte> Span => new(Pointer, Size);

    /// <summary>The touched-chunk summary as a span.</summary>
    public Span<byte> TouchedSpan => new(Touched, TouchedSize);

    /// <summary>A zeroed map in process memory (the in-process engine's).</summary>
    public static CoverageMap Allocate(int size = CoverageConstants.DefaultMapSize) =>
        new((byte*)NativeMemory.AllocZeroed((nuint)size), size, ownsMap: true);

    /// <summary>Wraps a map someone else owns (AFL's shared memory segment); the summary is this object's own.</summary>
    public static CoverageMap Wrap(byte* pointer, int size) => new(pointer, size, ownsMap: false);

    /// <summary>Sets every counter and the summary to zero.</summary>
    public void Clear()
    {
        Span.Clear();
        TouchedSpan.Clear();
    }

    /// <summary>Number of non-zero counters.</summary>
    public int CountNonZero() => Size - Span.Count((byte)0);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMap && Pointer != null)
        {
            NativeMemory.Free(Pointer);
        }

        NativeMemory.Free(Touched);
        Pointer = null;
        Touched = null;
    }
}

/// <summary>The coverage class of one loaded instrumented assembly: points its probes at a map, resets the edge state.</summary>
public sealed unsafe class CoverageHook
{
    private readonly FieldInfo _map;
    private readonly FieldInfo _touched;
    private readonly Action _resetPrevious;

    private CoverageHook(Assembly assembly, Type coverageType)
    {
        Assembly = assembly;
        _map = coverageType.GetField(CoverageConstants.MapField)!;
        _touched = coverageType.GetField(CoverageConstants.TouchedField)
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} was instrumented by an older wsconf; instrument it again.");
        _resetPrevious = coverageType.GetMethod(CoverageConstants.ResetMethod)!.CreateDelegate<Action>();
        MapSize = (int)coverageType.GetField(CoverageConstants.MapSizeField)!.GetRawConstantValue()!;
    }

    /// <summary>The instrumented assembly.</summary>
    public Assembly Assembly { get; }

    /// <summary>The map size the block ids were made for.</summary>
    public int MapSize { get; }

    /// <summary>The hook of an instrumented assembly, or null if it is not instrumented.</summary>
    public static CoverageHook? For(Assembly assembly) =>
        assembly.GetType(CoverageConstants.CoverageTypeName) is { } type ? new CoverageHook(assembly, type) : null;

    /// <summary>Makes the probes count into <paramref name="map"/> (which must be at least <see cref="MapSize"/> bytes).</summary>
    public void Attach(CoverageMap map)
    {
        if (map.Size < MapSize)
        {
            throw new ArgumentException($"The map has {map.Size} bytes but {Assembly.GetName().Name} was instrumented for {MapSize}.", nameof(map));
        }

        _map.SetValue(null, System.Reflection.Pointer.Box(map.Pointer, typeof(byte*)));
        _touched.SetValue(null, System.Reflection.Pointer.Box(map.Touched, typeof(byte*)));
    }

    /// <summary>Forgets the previous block, so the first edge of the next input does not depend on the last one.</summary>
    public void ResetPrevious() => _resetPrevious();
}
