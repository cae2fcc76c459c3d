using WsConformance.Fuzzing.Coverage;
using WsConformance.Fuzzing.Instrumentation;
using WsConformance.Fuzzing.Loading;
using WsConformance.Fuzzing.Targets;

namespace WsConformance.Fuzzing.Tests;

public sealed class InstrumentationTests
{
    private const int RandomInputs = 1500;
    private const int RandomSeed = 0x6455;

    [Fact]
    public void Instrumented_codec_gives_exactly_the_original_results_on_every_seed_and_on_random_inputs()
    {
        using LoadedTargets loaded = LoadedTargets.Load(
            new TargetSource(typeof(CodecSummary).Assembly.Location, InstrumentTargetAssembly: false, ["WsConformance.Protocol"], InstrumentationOptions.All, TestPaths.Cache),
            collectible: true);
        Assert.Equal(["WsConformance.Protocol"], loaded.Instrumented);
        var instrumented = loaded.TargetsAssembly.GetType(typeof(CodecSummary).FullName!)!
            .GetMethod(nameof(CodecSummary.Summarize))!.CreateDelegate<Func<byte[], string>>();
        using CoverageMap map = CoverageMap.Allocate();
        loaded.Attach(map);

        int compared = 0;
        foreach (byte[] input in AllSeeds().Concat(RandomFrameishInputs()))
        {
            Assert.Equal(CodecSummary.Summarize(input), instrumented(input));
            compared++;
        }

        Assert.True(map.CountNonZero() > 200, $"only {map.CountNonZero()} edges were hit in {compared} inputs");
    }

    [Fact]
    public void Different_paths_give_different_edge_maps_and_the_same_input_the_same_map()
    {
        using LoadedTargets loaded = TestPaths.LoadBuiltIn();
        FuzzTarget decoder = loaded.Find("decoder")!;
        using CoverageMap map = CoverageMap.Allocate();
        loaded.Attach(map);

        byte[] text = Convert.FromHexString("810548656C6C6F");
        byte[] maskedClose = Convert.FromHexString("888237FA213D3412");
        byte[] first = EdgesOf(loaded, decoder, map, text);
        byte[] again = EdgesOf(loaded, decoder, map, text);
        byte[] other = EdgesOf(loaded, decoder, map, maskedClose);

        Assert.True(first.Count(b => b != 0) > 10);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Include_and_exclude_choose_the_types_that_get_probes()
    {
        string source = typeof(WsConformance.Protocol.FrameDecoder).Assembly.Location;
        string folder = Directory.CreateTempSubdirectory("wsconf-instrument-").FullName;
        try
        {
            IReadOnlyList<string> all = AssemblyInstrumenter.Instrument(source, Path.Combine(folder, "all.dll"), InstrumentationOptions.All);
            IReadOnlyList<string> handshake = AssemblyInstrumenter.Instrument(source, Path.Combine(folder, "handshake.dll"),
                new InstrumentationOptions(["WsConformance.Protocol.Handshake"], []));
            IReadOnlyList<string> withoutHandshake = AssemblyInstrumenter.Instrument(source, Path.Combine(folder, "rest.dll"),
                new InstrumentationOptions([], ["WsConformance.Protocol.Handshake"]));

            Assert.NotEmpty(handshake);
            Assert.All(handshake, type => Assert.StartsWith("WsConformance.Protocol.Handshake", type, StringComparison.Ordinal));
            Assert.DoesNotContain(withoutHandshake, type => type.StartsWith("WsConformance.Protocol.Handshake", StringComparison.Ordinal));
            Assert.Equal(all.Order(StringComparer.Ordinal), handshake.Concat(withoutHandshake).Order(StringComparer.Ordinal));
            Assert.True(AssemblyInstrumenter.IsInstrumented(Path.Combine(folder, "all.dll")));
            Assert.False(AssemblyInstrumenter.IsInstrumented(source));
            Assert.Throws<SharpFuzz.InstrumentationException>(() =>
                AssemblyInstrumenter.Instrument(Path.Combine(folder, "all.dll"), Path.Combine(folder, "twice.dll"), InstrumentationOptions.All));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Probes_count_into_a_private_buffer_until_a_map_is_attached()
    {
        using LoadedTargets loaded = TestPaths.LoadPlanted();
        FuzzTarget magic = loaded.Find("planted-magic")!;

        // Runs before any map is attached: must not fault (SharpFuzz leaves the pointer null; the loader sets a scratch map).
        magic.Run("WS!x"u8);
        using CoverageMap map = CoverageMap.Allocate();
        Assert.Equal(0, map.CountNonZero());
        loaded.Attach(map);
        magic.Run("WS!x"u8);
        Assert.True(map.CountNonZero() >= 4);
    }

    private static byte[] EdgesOf(LoadedTargets loaded, FuzzTarget target, CoverageMap map, byte[] input)
    {
        map.Clear();
        loaded.ResetPrevious();

        target.Run(input);
        return map.Span.ToArray();
    }

    private static IEnumerable<byte[]> AllSeeds() =>
        Directory.GetDirectories(Path.Combine(TestPaths.FuzzFolder, "corpus")).Order(StringComparer.Ordinal)
            .SelectMany(folder => Directory.GetFiles(folder).Order(StringComparer.Ordinal)).Select(File.ReadAllBytes);

    /// <summary>Random bytes biased toward frame headers, UTF-8 and HTTP, with a fixed seed.</summary>
    private static IEnumerable<byte[]> RandomFrameishInputs()
    {
        var random = new Random(RandomSeed);
        byte[] interesting = [0x81, 0x82, 0x01, 0x00, 0x80, 0x88, 0x89, 0x8A, 0xC1, 0x83, 0x7E, 0x7F, 0xFE, 0xFF, 0xED, 0xA0, 0xF4, 0x90, 0xC0, 0x0D, 0x0A, 0x3A, 0x20, 0x03, 0xE8];
        for (int index = 0; index < RandomInputs; index++)
        {
            var input = new byte[random.Next(64)];
            for (int at = 0; at < input.Length; at++)
            {
                input[at] = random.Next(3) == 0 ? (byte)random.Next(256) : interesting[random.Next(interesting.Length)];
            }

            yield return input;
        }

        yield return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"u8.ToArray();
    }
}
