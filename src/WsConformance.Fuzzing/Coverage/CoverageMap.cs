using System.Reflection;
using System.Runtime.InteropServices;
using WsConformance.Fuzzing.Instrumentation;

namespace WsConformance.Fuzzing.Coverage;

/// <summary>A coverage map: native memory the probes of instrumented assemblies count edges into.</summary>
public sealed unsafe class CoverageMap : IDisposable
{
    private readonly bool _owned;

    private CoverageMap(byte* pointer, int size, bool owned)
    {
        Pointer = pointer;
        Size = size;
        _owned = owned;
    }

    /// <summary>Start of the map.</summary>
    public byte* Pointer { get; private set; }

    /// <summary>Size in bytes (a power of two).</summary>
    public int Size { get; }

    /// <summary>The map as a span, for inspection.</summary>
    public Span<byte> Span => new(Pointer, Size);

    /// <summary>A zeroed map in process memory (the in-process engine's).</summary>
    public static CoverageMap Allocate(int size = CoverageConstants.DefaultMapSize) =>
        new((byte*)NativeMemory.AllocZeroed((nuint)size), size, owned: true);

    /// <summary>Wraps memory someone else owns (AFL's shared memory segment).</summary>
    public static CoverageMap Wrap(byte* pointer, int size) => new(pointer, size, owned: false);

    /// <summary>Sets every counter to zero.</summary>
    public void Clear() => Span.Clear();

    /// <summary>Number of non-zero counters.</summary>
    public int CountNonZero() => Size - Span.Count((byte)0);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_owned && Pointer != null)
        {
            NativeMemory.Free(Pointer);
        }

        Pointer = null;
    }
}

/// <summary>The coverage class of one loaded instrumented assembly: points its probes at a map, resets the edge state.</summary>
public sealed unsafe class CoverageHook
{
    private readonly FieldInfo _map;
    private readonly Action _resetPrevious;

    private CoverageHook(Assembly assembly, Type coverageType)
    {
        Assembly = assembly;
        _map = coverageType.GetField(CoverageConstants.MapField)!;
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
    }

    /// <summary>Forgets the previous block, so the first edge of the next input does not depend on the last one.</summary>
    public void ResetPrevious() => _resetPrevious();
}
