using System.Runtime.InteropServices;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace WsConformance.Fuzzing.Instrumentation;

/// <summary>References to the members of the injected coverage class.</summary>
internal sealed record InjectedCoverage(TypeDefinition Type, FieldDefinition Map, FieldDefinition Touched, FieldDefinition Previous);

/// <summary>Builds the coverage class injected into an instrumented assembly.</summary>
internal static class CoverageTypeBuilder
{
    /// <summary>
    /// Adds <c>static class &lt;WsConformanceFuzzing&gt;Coverage { public static byte* Map; public static byte* Touched;
    /// public static int Previous; public const int MapSize; static .cctor() { Map = NativeMemory.AllocZeroed(MapSize);
    /// Touched = NativeMemory.AllocZeroed(MapSize &gt;&gt; 6); } public static void ResetPrevious() =&gt; Previous = 0; }</c>.
    /// The static constructor gives the probes a private map and summary until a fuzzer stores its own pointers.
    /// </summary>
    public static InjectedCoverage Inject(ModuleDefinition module, int mapSize)
    {
        const TypeAttributes StaticClass = TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit;
        var type = new TypeDefinition(string.Empty, CoverageConstants.CoverageTypeName, StaticClass, module.TypeSystem.Object);
        module.Types.Add(type);

        var map = new FieldDefinition(CoverageConstants.MapField, FieldAttributes.Public | FieldAttributes.Static, new PointerType(module.TypeSystem.Byte));
        var touched = new FieldDefinition(CoverageConstants.TouchedField, FieldAttributes.Public | FieldAttributes.Static, new PointerType(module.TypeSystem.Byte));
        var previous = new FieldDefinition(CoverageConstants.PreviousField, FieldAttributes.Public | FieldAttributes.Static, module.TypeSystem.Int32);
        var size = new FieldDefinition(CoverageConstants.MapSizeField, FieldAttributes.Public | FieldAttributes.Static | FieldAttributes.Literal | FieldAttributes.HasDefault, module.TypeSystem.Int32)
        {
            Constant = mapSize,
        };
        type.Fields.Add(map);
        type.Fields.Add(touched);
        type.Fields.Add(previous);
        type.Fields.Add(size);

        MethodReference allocZeroed = module.ImportReference(typeof(NativeMemory).GetMethod(nameof(NativeMemory.AllocZeroed), [typeof(nuint)]));
        MethodDefinition cctor = StaticMethod(module, ".cctor", MethodAttributes.Private | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName);
        Emit(cctor, il =>
        {
            il.Emit(OpCodes.Ldc_I4, mapSize);
            il.Emit(OpCodes.Conv_U);
            il.Emit(OpCodes.Call, allocZeroed);
            il.Emit(OpCodes.Stsfld, map);
            il.Emit(OpCodes.Ldc_I4, Math.Max(1, mapSize >> CoverageConstants.TouchedChunkShift));
            il.Emit(OpCodes.Conv_U);
            il.Emit(OpCodes.Call, allocZeroed);
            il.Emit(OpCodes.Stsfld, touched);
        });
        type.Methods.Add(cctor);

        MethodDefinition reset = StaticMethod(module, CoverageConstants.ResetMethod, MethodAttributes.Public);
        Emit(reset, il =>
        {
            il.Emit(OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Stsfld, previous);
        });
        type.Methods.Add(reset);
        return new InjectedCoverage(type, map, touched, previous);
    }

    private static MethodDefinition StaticMethod(ModuleDefinition module, string name, MethodAttributes access) =>
        new(name, access | MethodAttributes.Static | MethodAttributes.HideBySig, module.TypeSystem.Void);

    private static void Emit(MethodDefinition method, Action<ILProcessor> body)
    {
        ILProcessor il = method.Body.GetILProcessor();
        body(il);
        il.Emit(OpCodes.Ret);
    }
}
