using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace WsConformance.Fuzzing.Instrumentation;

/// <summary>
/// Rewrites an assembly with Mono.Cecil so that every basic block records AFL-style edge coverage:
/// <c>map[id ^ previous]++; previous = id &gt;&gt; 1</c>, where <c>id</c> is a constant per block (and marks the
/// entry's 64-byte chunk in a small summary, see <see cref="CoverageConstants.TouchedField"/>). The map and
/// <c>previous</c> live in a class injected into the assembly itself (<see cref="CoverageConstants.CoverageTypeName"/>),
/// so the result depends on nothing new; its map pointer starts at a private zeroed buffer, so code that runs
/// before a fuzzer attaches its own map (static constructors included) is safe.
/// </summary>
public static class Instrumenter
{
    /// <summary>
    /// Instruments <paramref name="inputPath"/> and writes the result (and its portable PDB when one exists) to
    /// <paramref name="outputPath"/>, which may be the same file. Throws <see cref="InvalidOperationException"/>
    /// when the assembly is already instrumented or not IL-only.
    /// </summary>
    public static InstrumentationResult Instrument(string inputPath, string outputPath, InstrumentationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MapSize < 256 || (options.MapSize & (options.MapSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MapSize, "The map size must be a power of two of at least 256.");
        }

        string inputFullPath = Path.GetFullPath(inputPath);
        using var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(Path.GetDirectoryName(inputFullPath)!);
        resolver.AddSearchDirectory(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
        bool hasSymbols = File.Exists(Path.ChangeExtension(inputFullPath, ".pdb"));
        var readerParameters = new ReaderParameters { AssemblyResolver = resolver, InMemory = true, ReadSymbols = hasSymbols };
        using AssemblyDefinition assembly = AssemblyDefinition.ReadAssembly(inputFullPath, readerParameters);
        ModuleDefinition module = assembly.MainModule;
        EnsureInstrumentable(module, inputFullPath);

        var coverage = CoverageTypeBuilder.Inject(module, options.MapSize);
        var probes = new ProbeEmitter(coverage, options.MapSize);
        int types = 0, methods = 0, blocks = 0;
        foreach (TypeDefinition type in module.GetTypes().Where(type => type != coverage.Type && options.Selects(type.FullName)).ToList())
        {
            int before = methods;
            foreach (MethodDefinition method in type.Methods.Where(method => method.HasBody))
            {
                blocks += probes.Instrument(method);
                methods++;
            }

            types += methods > before ? 1 : 0;
        }

        // A ReadyToRun image (the shared framework's) carries precompiled code for the old IL in an R2R header;
        // what is written is plain IL, so it is IL-only again and will be JIT-compiled.
        // Its machine field is OS-specific (e.g. AMD64 xor 0x7B79 on Linux), so it becomes AnyCPU.
        if (IsReadyToRun(module))
        {
            module.Attributes = (module.Attributes | ModuleAttributes.ILOnly) & ~ModuleAttributes.ILLibrary;
            module.Architecture = TargetArchitecture.I386;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        assembly.Write(outputPath, new WriterParameters { WriteSymbols = hasSymbols });
        return new InstrumentationResult(types, methods, blocks);
    }

    /// <summary>True when the assembly at <paramref name="path"/> already holds the injected coverage class.</summary>
    public static bool IsInstrumented(string path)
    {
        using AssemblyDefinition assembly = AssemblyDefinition.ReadAssembly(path, new ReaderParameters { InMemory = true });
        return assembly.MainModule.GetType(CoverageConstants.CoverageTypeName) is not null;
    }

    /// <summary>ReadyToRun images are IL assemblies with precompiled code, not C++/CLI mixed mode.</summary>
    private static bool IsReadyToRun(ModuleDefinition module) => (module.Attributes & ModuleAttributes.ILLibrary) != 0;

    private static void EnsureInstrumentable(ModuleDefinition module, string path)
    {
        if (module.GetType(CoverageConstants.CoverageTypeName) is not null)
        {
            throw new InvalidOperationException($"{path} is already instrumented.");
        }

        if ((module.Attributes & ModuleAttributes.ILOnly) == 0 && !IsReadyToRun(module))
        {
            throw new InvalidOperationException($"{path} is a mixed-mode assembly; only IL-only assemblies can be instrumented.");
        }
    }
}

/// <summary>Inserts the edge probes into one method and re-points branches and exception regions at them.</summary>
internal sealed class ProbeEmitter(InjectedCoverage coverage, int mapSize)
{
    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;

    /// <summary>Instruments <paramref name="method"/>; returns the number of basic blocks found.</summary>
    public int Instrument(MethodDefinition method)
    {
        MethodBody body = method.Body;
        body.SimplifyMacros();
        List<Instruction> leaders = BasicBlocks.Leaders(body);
        var probeStarts = new Dictionary<Instruction, Instruction>(leaders.Count);
        ILProcessor il = body.GetILProcessor();
        uint methodHash = Hash(FnvOffset, method.FullName);
        for (int ordinal = 0; ordinal < leaders.Count; ordinal++)
        {
            int id = (int)(Hash(methodHash, ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture)) & (uint)(mapSize - 1));
            Instruction[] probe = Probe(id);
            foreach (Instruction instruction in probe)
            {
                il.InsertBefore(leaders[ordinal], instruction);
            }

            probeStarts[leaders[ordinal]] = probe[0];
        }

        Retarget(body, probeStarts);
        body.OptimizeMacros();
        return leaders.Count;
    }

    /// <summary>
    /// The AFL probe, stack-neutral so it is valid wherever a block starts (even with values on the stack):
    /// entry = id ^ Previous; Touched[entry &gt;&gt; 6] = 1; Map[entry] += 1; Previous = id &gt;&gt; 1. The touched byte
    /// marks the entry's 64-byte chunk, so the in-process engine need not read the whole map after each run.
    /// </summary>
    private Instruction[] Probe(int id) =>
    [
        Instruction.Create(OpCodes.Ldsfld, coverage.Map),
        Instruction.Create(OpCodes.Ldc_I4, id),
        Instruction.Create(OpCodes.Ldsfld, coverage.Previous),
        Instruction.Create(OpCodes.Xor),
        Instruction.Create(OpCodes.Dup),
        Instruction.Create(OpCodes.Ldc_I4, CoverageConstants.TouchedChunkShift),
        Instruction.Create(OpCodes.Shr_Un),
        Instruction.Create(OpCodes.Conv_U),
        Instruction.Create(OpCodes.Ldsfld, coverage.Touched),
        Instruction.Create(OpCodes.Add),
        Instruction.Create(OpCodes.Ldc_I4_1),
        Instruction.Create(OpCodes.Stind_I1),
        Instruction.Create(OpCodes.Conv_U),
        Instruction.Create(OpCodes.Add),
        Instruction.Create(OpCodes.Dup),
        Instruction.Create(OpCodes.Ldind_U1),
        Instruction.Create(OpCodes.Ldc_I4_1),
        Instruction.Create(OpCodes.Add),
        Instruction.Create(OpCodes.Stind_I1),
        Instruction.Create(OpCodes.Ldc_I4, id >> 1),
        Instruction.Create(OpCodes.Stsfld, coverage.Previous),
    ];

    /// <summary>
    /// Cecil's InsertBefore leaves branches and handler boundaries on the old instruction: every reference to a
    /// block leader must now reach its probe, or a jump would skip the probe (and a loop back to a try start
    /// would leave the protected region).
    /// </summary>
    private static void Retarget(MethodBody body, Dictionary<Instruction, Instruction> probeStarts)
    {
        Instruction Map(Instruction target) => probeStarts.TryGetValue(target, out Instruction? probe) ? probe : target;

        foreach (Instruction instruction in body.Instructions)
        {
            instruction.Operand = instruction.Operand switch
            {
                Instruction target => Map(target),
                Instruction[] targets => targets.Select(Map).ToArray(),
                var other => other,
            };
        }

        foreach (ExceptionHandler handler in body.ExceptionHandlers)
        {
            handler.TryStart = Map(handler.TryStart);
            handler.TryEnd = handler.TryEnd is null ? null : Map(handler.TryEnd);
            handler.HandlerStart = Map(handler.HandlerStart);
            handler.HandlerEnd = handler.HandlerEnd is null ? null : Map(handler.HandlerEnd);
            handler.FilterStart = handler.FilterStart is null ? null : Map(handler.FilterStart);
        }
    }

    private static uint Hash(uint seed, string text)
    {
        uint hash = seed;
        foreach (char c in text)
        {
            hash = (hash ^ c) * FnvPrime;
        }

        return hash ^ (hash >> 16);
    }
}

/// <summary>Finds the first instruction of every basic block.</summary>
internal static class BasicBlocks
{
    /// <summary>
    /// Leaders in body order: the first instruction, every branch or switch target, the instruction after a
    /// conditional branch or switch, and every handler and filter start (entered by the runtime, not a branch).
    /// </summary>
    public static List<Instruction> Leaders(MethodBody body)
    {
        var leaders = new HashSet<Instruction> { body.Instructions[0] };
        foreach (Instruction instruction in body.Instructions)
        {
            switch (instruction.Operand)
            {
                case Instruction target:
                    leaders.Add(target);
                    break;
                case Instruction[] targets:
                    leaders.UnionWith(targets);
                    break;
            }

            if (instruction.OpCode.FlowControl == FlowControl.Cond_Branch && instruction.Next is { } fallThrough)
            {
                leaders.Add(fallThrough);
            }
        }

        foreach (ExceptionHandler handler in body.ExceptionHandlers)
        {
            leaders.Add(handler.HandlerStart);
            if (handler.FilterStart is { } filter)
            {
                leaders.Add(filter);
            }
        }

        return body.Instructions.Where(leaders.Contains).ToList();
    }
}
