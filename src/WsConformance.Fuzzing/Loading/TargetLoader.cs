using System.Reflection;
using System.Runtime.Loader;
using WsConformance.Fuzzing.Coverage;
using WsConformance.Fuzzing.Instrumentation;
using WsConformance.Fuzzing.Targets;

namespace WsConformance.Fuzzing.Loading;

/// <summary>Where targets come from and what to instrument for them.</summary>
/// <param name="AssemblyPath">The assembly holding the targets.</param>
/// <param name="InstrumentTargetAssembly">Instrument the targets assembly itself (a user's parser in the same file).</param>
/// <param name="ExtraInstrument">More assemblies to instrument: simple names or paths.</param>
/// <param name="Options">Include/exclude prefixes.</param>
/// <param name="CacheDirectory">Where instrumented copies are kept between runs; null = a folder under the temp directory.</param>
public sealed record TargetSource(
    string AssemblyPath, bool InstrumentTargetAssembly, IReadOnlyList<string> ExtraInstrument, InstrumentationOptions Options, string? CacheDirectory = null)
{
    /// <summary>The targets shipped in WsConformance.Fuzzing, run against an instrumented WsConformance.Protocol.</summary>
    public static TargetSource BuiltIn(string? cacheDirectory = null) =>
        new(typeof(FuzzTargetAttribute).Assembly.Location, InstrumentTargetAssembly: false, [], InstrumentationOptions.All, cacheDirectory);
}

/// <summary>
/// Targets loaded in their own <see cref="AssemblyLoadContext"/> next to instrumented copies of the assemblies
/// they exercise, so the rest of the process (the engine, the CLI) keeps the original assemblies. The context has
/// its own SharpFuzz.Common, i.e. its own coverage map pointer, which starts at a private scratch map: SharpFuzz
/// leaves it null, and instrumented code running before an engine attaches (static constructors) would fault.
/// </summary>
public sealed unsafe class LoadedTargets : IDisposable
{
    private readonly FuzzLoadContext _context;
    private readonly CoverageHook _hook;
    private readonly CoverageMap _scratch = CoverageMap.Allocate();

    private LoadedTargets(FuzzLoadContext context, Assembly targetsAssembly, IReadOnlyList<FuzzTarget> targets, IReadOnlyList<string> instrumented)
    {
        _context = context;
        TargetsAssembly = targetsAssembly;
        Targets = targets;
        Instrumented = instrumented;
        _hook = new CoverageHook(context.LoadFromAssemblyName(typeof(SharpFuzz.Common.Trace).Assembly.GetName()));
        Attach(_scratch);
    }

    /// <summary>The targets assembly as loaded next to the instrumented copies.</summary>
    public Assembly TargetsAssembly { get; }

    /// <summary>The targets, sorted by name.</summary>
    public IReadOnlyList<FuzzTarget> Targets { get; }

    /// <summary>The simple names of the instrumented assemblies.</summary>
    public IReadOnlyList<string> Instrumented { get; }

    /// <summary>Instruments (or reuses cached copies), loads and binds every target of <paramref name="source"/>.</summary>
    public static LoadedTargets Load(TargetSource source, bool collectible = false)
    {
        string targetsPath = Path.GetFullPath(source.AssemblyPath);
        IReadOnlyList<FuzzTargetInfo> infos = TargetDiscovery.Discover(targetsPath);
        var toInstrument = infos.SelectMany(info => info.Instrument).Concat(source.ExtraInstrument)
            .Select(nameOrPath => ResolvePath(nameOrPath, targetsPath))
            .Concat(source.InstrumentTargetAssembly ? [targetsPath] : [])
            .Distinct(StringComparer.Ordinal)
            .ToList();

        var cache = new InstrumentationCache(source.CacheDirectory ?? Path.Combine(Path.GetTempPath(), "wsconf-fuzz-cache"));
        var overrides = toInstrument.ToDictionary(
            path => AssemblyName.GetAssemblyName(path).Name!, path => cache.GetOrCreate(path, source.Options), StringComparer.OrdinalIgnoreCase);
        var context = new FuzzLoadContext(overrides, Path.GetDirectoryName(targetsPath)!, collectible);
        Assembly targetsAssembly = context.LoadFromAssemblyPath(overrides.GetValueOrDefault(AssemblyName.GetAssemblyName(targetsPath).Name!, targetsPath));

        var targets = infos.Select(info => new FuzzTarget(info, Bind(targetsAssembly, info))).ToList();
        return new LoadedTargets(context, targetsAssembly, targets, overrides.Keys.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The target called <paramref name="name"/>, or null.</summary>
    public FuzzTarget? Find(string name) => Targets.FirstOrDefault(target => string.Equals(target.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Points the probes of every instrumented assembly at <paramref name="map"/>.</summary>
    public void Attach(CoverageMap map) => _hook.Attach(map.Pointer);

    /// <summary>Points the probes at a map someone else owns (<see cref="CoverageMap.MapSize"/> bytes: afl-fuzz's, the libFuzzer driver's).</summary>
    public void Attach(byte* map) => _hook.Attach(map);

    /// <summary>Points the probes back at the private scratch map, before the attached map is freed.</summary>
    public void Detach() => Attach(_scratch);

    /// <summary>
    /// Forgets the previous block, so the first edge of the next input does not depend on the last one. Called
    /// before every execution.
    /// </summary>
    public void ResetPrevious() => _hook.ResetPrevious();

    /// <inheritdoc />
    public void Dispose()
    {
        if (_context.IsCollectible)
        {
            _context.Unload();
        }

        _scratch.Dispose();
    }

    private static FuzzAction Bind(Assembly assembly, FuzzTargetInfo info)
    {
        Type type = assembly.GetType(info.TypeName, throwOnError: true)!;
        MethodInfo method = type.GetMethod(info.MethodName, BindingFlags.Public | BindingFlags.Static, [typeof(ReadOnlySpan<byte>)])!;
        return method.CreateDelegate<FuzzAction>();
    }

    /// <summary>
    /// A path as given, else NAME.dll next to the targets, else in a shared framework the process runs on (the
    /// runtime's trusted platform assemblies: Microsoft.NETCore.App, and Microsoft.AspNetCore.App when referenced).
    /// </summary>
    private static string ResolvePath(string nameOrPath, string targetsPath)
    {
        if (nameOrPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && File.Exists(nameOrPath))
        {
            return Path.GetFullPath(nameOrPath);
        }

        string fileName = nameOrPath + ".dll";
        string platformAssemblies = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
        IEnumerable<string> candidates = platformAssemblies.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => string.Equals(Path.GetFileName(path), fileName, StringComparison.OrdinalIgnoreCase))
            .Prepend(Path.Combine(Path.GetDirectoryName(targetsPath)!, fileName));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"Cannot find the assembly '{nameOrPath}' to instrument.", nameOrPath);
    }

    /// <summary>
    /// Loads the instrumented copies, the targets assembly itself and a private SharpFuzz.Common; everything else
    /// comes from the default context, or (for a user's own dependencies) from the targets' folder.
    /// </summary>
    private sealed class FuzzLoadContext : AssemblyLoadContext
    {
        private readonly Dictionary<string, string> _overrides;

        public FuzzLoadContext(Dictionary<string, string> overrides, string probeDirectory, bool collectible)
            : base("wsconf-fuzz", collectible)
        {
            _overrides = overrides;
            Resolving += (context, name) =>
            {
                string candidate = Path.Combine(probeDirectory, name.Name + ".dll");
                return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
            };
        }

        private static readonly string TraceAssembly = typeof(SharpFuzz.Common.Trace).Assembly.GetName().Name!;

        protected override Assembly? Load(AssemblyName assemblyName) => assemblyName.Name switch
        {
            { } name when _overrides.TryGetValue(name, out string? path) => LoadFromAssemblyPath(path),
            { } name when name == TraceAssembly => LoadFromAssemblyPath(typeof(SharpFuzz.Common.Trace).Assembly.Location),
            _ => null,
        };
    }
}
