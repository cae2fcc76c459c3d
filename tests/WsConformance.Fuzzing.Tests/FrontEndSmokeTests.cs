using System.Reflection;

namespace WsConformance.Fuzzing.Tests;

/// <summary>
/// Short campaigns of the libFuzzer front end, as CI runs them (seconds each): the driver and Fuzzer.LibFuzzer.Run on
/// a SharpFuzz-instrumented codec, and the known System.Net.WebSockets finding (fuzz/findings) reproduced from its
/// reproducer file. AFL++ has the same in the CLI's tests (AflFuzzTests).
/// </summary>
[Collection(FrontEndCollection.Name)]
public sealed class FrontEndSmokeTests
{
    private const string Finding = "differential-snws-utf8-empty-final-fragment.bin";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    /// <summary>The wsconf CLI built beside these tests (see the project file).</summary>
    private static string Wsconf { get; } = typeof(FrontEndSmokeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "WsconfDll").Value!;

    [Fact]
    public void LibFuzzer_fuzzes_the_decoder_with_the_dictionary_then_in_fork_mode_then_merges_the_corpus()
    {
        ExternalProcess.RequireOnPath("clang", "clang libclang-rt-14-dev");
        using var work = new TemporaryFolder();
        string corpus = work.Folder("corpus");
        string seeds = Path.Combine(TestPaths.FuzzFolder, "corpus", "decoder");
        string dictionary = "-dict=" + Path.Combine(TestPaths.FuzzFolder, "websocket.dict");

        ExternalProcess.Result single = LibFuzzer("decoder", "-runs=3000", dictionary, corpus, seeds);
        Assert.True(single.ExitCode == 0, single.Output);
        Assert.Contains("65536 Extra Counters", single.Output);
        Assert.Matches(@"Done \d+ runs", single.Output);
        int found = Directory.GetFiles(corpus).Length;
        Assert.True(found > 0, single.Output);

        ExternalProcess.Result forked = LibFuzzer("decoder", "-fork=2", "-max_total_time=4", dictionary, corpus);
        Assert.True(forked.ExitCode == 0, forked.Output);
        Assert.Contains("INFO: -fork=2", forked.Output);
        Assert.Matches(@"job: \d+", forked.Output);

        string merged = work.Folder("merged");
        ExternalProcess.Result merge = LibFuzzer("decoder", "-merge=1", merged, corpus);
        Assert.True(merge.ExitCode == 0, merge.Output);
        Assert.InRange(Directory.GetFiles(merged).Length, 1, Directory.GetFiles(corpus).Length);
    }

    [Fact]
    public void LibFuzzer_crashes_on_the_known_finding_and_prints_what_the_target_threw()
    {
        ExternalProcess.RequireOnPath("clang", "clang libclang-rt-14-dev");

        ExternalProcess.Result result = LibFuzzer("differential", FindingPath);

        Assert.True(result.ExitCode == 77, result.Output); // libFuzzer's -error_exitcode
        Assert.Contains("FuzzFindingException: [snws-lenient-utf8]", result.Output);
        Assert.Contains("libFuzzer: deadly signal", result.Output);
    }

    private static string FindingPath => Path.Combine(TestPaths.FuzzFolder, "findings", Finding);

    private static string Dotnet => Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";

    /// <summary>wsconf fuzz libfuzzer TARGET -- ARGS, with instrumented copies and the driver in this run's cache.</summary>
    private static ExternalProcess.Result LibFuzzer(string target, params string[] arguments) =>
        ExternalProcess.Run(Dotnet, [Wsconf, "fuzz", "libfuzzer", target, "--", .. arguments], Limit, new Dictionary<string, string> { ["TMPDIR"] = TestPaths.Cache });

    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("wsconf-frontend-").FullName;

        public string Folder(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

/// <summary>The front-end campaigns each keep a core busy: they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FrontEndCollection
{
    public const string Name = "outside fuzzing front ends";
}
