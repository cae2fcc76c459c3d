using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.InteropServices;

namespace WsConformance.Fuzzing.Coverage;

/// <summary>A coverage map: native memory the SharpFuzz probes of instrumented assemblies count edges into.</summary>
public sealed unsafe class CoverageMap : IDisposable
{
    /// <summary>SharpFuzz's map size: AFL's classic 1 &lt;&lt; 16 bytes, fixed in its probes.</summary>
    public const int MapSize = 1 << 16;

    private CoverageMap(byte* pointer) => Pointer = pointer;

    /// <summary>Start of the map.</summary>
    public byte* Pointer { get; private set; }

    /// <summary>Size in bytes.</summary>
    public int Size => MapSize;

    /// <summary>The map as a span, for inspection.</summary>
    public Span<byte> Span => new(Pointer, Size);

    /// <summary>A zeroed map in process memory (the in-process engine's).</summary>
    public static CoverageMap Allocate() => new((byte*)NativeMemory.AllocZeroed(MapSize));

    /// <summary>Sets every counter to zero.</summary>
    public void Clear() => Span.Clear();

    /// <summary>Number of non-zero counters.</summary>
    public int CountNonZero() => Size - Span.Count((byte)0);

    /// <inheritdoc />
    public void Dispose()
    {
        NativeMemory.Free(Pointer);
        Pointer = null;
    }
}

/// <summary>
/// One copy of SharpFuzz's <c>SharpFuzz.Common.Trace</c> (the class every probe writes through): points its map at a
/// buffer and resets its previous-block state. Each target load context has its own copy, so two engines in one
/// process (tests run in parallel) never count into each other's map.
/// </summary>
public sealed unsafe class CoverageHook
{
    private readonly FieldInfo _map;
    private readonly Action _resetPrevious;

    /// <summary>A hook over the <c>Trace</c> class of <paramref name="common"/>, a loaded SharpFuzz.Common.</summary>
    public CoverageHook(Assembly common)
    {
        Type trace = common.GetType(typeof(SharpFuzz.Common.Trace).FullName!, throwOnError: true)!;
        _map = trace.GetField(nameof(SharpFuzz.Common.Trace.SharedMem))!;

        // Called before every execution: a compiled assignment, not a reflection call.
        FieldInfo previous = trace.GetField(nameof(SharpFuzz.Common.Trace.PrevLocation))!;
        _resetPrevious = Expression.Lambda<Action>(Expression.Assign(Expression.Field(null, previous), Expression.Constant(0))).Compile();
    }

    /// <summary>Makes the probes count into <paramref name="map"/> (<see cref="CoverageMap.MapSize"/> bytes).</summary>
    public void Attach(byte* map) => _map.SetValue(null, System.Reflection.Pointer.Box(map, typeof(byte*)));

    /// <summary>Forgets the previous block, so the first edge of the next input does not depend on the last one.</summary>
    public void ResetPrevious() => _resetPrevious();
}
