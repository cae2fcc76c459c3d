using WsConformance.Fuzzing.Instrumentation;
using WsConformance.Fuzzing.Loading;

namespace WsConformance.Fuzzing.Tests;

/// <summary>Files the tests use: the repository's fuzz folder, and a private instrumentation cache.</summary>
internal static class TestPaths
{
    /// <summary>A cache folder for this test run, so tests never depend on what another run left behind.</summary>
    public static string Cache { get; } = Path.Combine(Path.GetTempPath(), "wsconf-fuzz-tests-" + Environment.ProcessId);

    /// <summary>The repository's fuzz/ folder (found by walking up from the test binaries).</summary>
    public static string FuzzFolder
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                string candidate = Path.Combine(directory.FullName, "fuzz", "corpus");
                if (Directory.Exists(candidate))
                {
                    return Path.Combine(directory.FullName, "fuzz");
                }
            }

            throw new DirectoryNotFoundException("fuzz/corpus not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The seed files of one target.</summary>
    public static IReadOnlyList<byte[]> Seeds(string target) =>
        Directory.GetFiles(Path.Combine(FuzzFolder, "corpus", target)).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();

    /// <summary>This test assembly's planted targets, instrumented (only the Planted namespace).</summary>
    public static LoadedTargets LoadPlanted() => LoadedTargets.Load(
        new TargetSource(typeof(TestPaths).Assembly.Location, InstrumentTargetAssembly: true, [],
            new InstrumentationOptions(["WsConformance.Fuzzing.Tests.Planted"], []), Cache),
        collectible: true);

    /// <summary>The built-in targets against an instrumented codec, in a collectible context.</summary>
    public static LoadedTargets LoadBuiltIn() => LoadedTargets.Load(TargetSource.BuiltIn(Cache), collectible: true);
}
