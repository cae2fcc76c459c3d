using dnlib.DotNet;
using dnlib.DotNet.MD;
using dnlib.PE;
using SharpFuzz;

namespace WsConformance.Fuzzing.Instrumentation;

/// <summary>SharpFuzz's instrumentation (<see cref="Fuzzer.Instrument"/>) applied to a copy, with our include/exclude prefixes.</summary>
public static class AssemblyInstrumenter
{
    /// <summary>Writes an instrumented copy of <paramref name="input"/> to <paramref name="output"/> (may be the same file); returns the instrumented types.</summary>
    /// <exception cref="InstrumentationException">Already instrumented.</exception>
    public static IReadOnlyList<string> Instrument(string input, string output, InstrumentationOptions options)
    {
        if (!string.Equals(Path.GetFullPath(input), Path.GetFullPath(output), StringComparison.Ordinal))
        {
            File.Copy(input, output, overwrite: true);
        }

        DropPrecompiledCode(output);
        return Fuzzer.Instrument(output, options.Selects, Options.Value).ToList();
    }

    /// <summary>True when the assembly's probes already write through SharpFuzz (it references SharpFuzz.Common).</summary>
    public static bool IsInstrumented(string path)
    {
        using ModuleDefMD module = ModuleDefMD.Load(File.ReadAllBytes(path));
        string common = typeof(SharpFuzz.Common.Trace).Assembly.GetName().Name!;
        return module.GetAssemblyRefs().Any(reference => reference.Name == common);
    }

    /// <summary>
    /// Rewrites a ReadyToRun assembly (the shared framework's, e.g. System.Net.WebSockets) as plain IL. SharpFuzz
    /// refuses it as "mixed-mode" outside Windows; without its precompiled code the runtime JIT-compiles the IL,
    /// probes included.
    /// </summary>
    private static void DropPrecompiledCode(string path)
    {
        using ModuleDefMD module = ModuleDefMD.Load(File.ReadAllBytes(path));
        if (module.IsILOnly)
        {
            return;
        }

        // Plain AnyCPU IL: ReadyToRun images carry an OS-specific machine code the loader accepts only with their native code.
        module.Cor20HeaderFlags = (module.Cor20HeaderFlags | ComImageFlags.ILOnly) & ~(ComImageFlags.ILLibrary | ComImageFlags.Bit32Required);
        module.Machine = Machine.I386;
        module.Write(path);
    }
}
