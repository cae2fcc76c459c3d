namespace WsConformance.Fuzzing.Instrumentation;

/// <summary>What <see cref="Instrumenter"/> rewrites and how large the coverage map is.</summary>
/// <param name="Include">Type-name prefixes to instrument (case-insensitive); empty = every type.</param>
/// <param name="Exclude">Type-name prefixes never to instrument, even when included.</param>
/// <param name="MapSize">Coverage map size in bytes: a power of two, 64 KiB like AFL by default.</param>
public sealed record InstrumentationOptions(
    IReadOnlyList<string> Include, IReadOnlyList<string> Exclude, int MapSize = CoverageConstants.DefaultMapSize)
{
    /// <summary>Every type, default map size.</summary>
    public static InstrumentationOptions All { get; } = new([], []);

    /// <summary>True when the type (full name, nested types as Outer/Inner) is to be instrumented.</summary>
    public bool Selects(string typeFullName)
    {
        bool included = Include.Count == 0 || Include.Any(prefix => typeFullName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
        return included && !Exclude.Any(prefix => typeFullName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>What one instrumentation pass did.</summary>
/// <param name="Types">Types whose methods were rewritten.</param>
/// <param name="Methods">Methods that received probes.</param>
/// <param name="Blocks">Basic blocks (probes inserted).</param>
public sealed record InstrumentationResult(int Types, int Methods, int Blocks);

/// <summary>Names shared by the instrumenter and the code that attaches a coverage map at run time.</summary>
public static class CoverageConstants
{
    /// <summary>AFL's classic map size, 1 &lt;&lt; 16 bytes.</summary>
    public const int DefaultMapSize = 1 << 16;

    /// <summary>
    /// Full name of the class the instrumenter injects into every instrumented assembly. The angle brackets keep
    /// it out of reach of C# code and make "already instrumented" easy to detect.
    /// </summary>
    public const string CoverageTypeName = "<WsConformanceFuzzing>Coverage";

    /// <summary>The injected <c>static byte*</c> field holding the current map.</summary>
    public const string MapField = "Map";

    /// <summary>
    /// The injected <c>static byte*</c> field of the touched-chunk summary: every probe also sets the byte of its
    /// 64-byte map chunk (entry &gt;&gt; <see cref="TouchedChunkShift"/>), so the in-process engine reads the 1 KiB
    /// summary and the chunks it names after a run instead of all 64 KiB of the map.
    /// </summary>
    public const string TouchedField = "Touched";

    /// <summary>log2 of the map bytes one summary byte stands for (64, a cache line).</summary>
    public const int TouchedChunkShift = 6;

    /// <summary>The injected <c>static int</c> field holding the previous block id, shifted right by one.</summary>
    public const string PreviousField = "Previous";

    /// <summary>The injected <c>const int</c>-like static field telling the map size the ids were made for.</summary>
    public const string MapSizeField = "MapSize";

    /// <summary>The injected static method that resets <see cref="PreviousField"/> to 0 before each input.</summary>
    public const string ResetMethod = "ResetPrevious";
}
