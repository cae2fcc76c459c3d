using System.CommandLine;
using WsConformance.Fuzzing.Drivers;
using WsConformance.Fuzzing.Engine;
using WsConformance.Fuzzing.Instrumentation;
using WsConformance.Fuzzing.Loading;
using WsConformance.Fuzzing.Reporting;
using WsConformance.Fuzzing.Targets;

namespace WsConformance.Cli.Commands;

/// <summary>
/// <c>wsconf fuzz instrument|list|run|repro|afl|libfuzzer</c>: coverage-guided fuzzing of the codec (or of a user's
/// own parser in <c>--assembly</c>) on SharpFuzz instrumentation, with the in-process engine, afl-fuzz or libFuzzer.
/// </summary>
internal static class FuzzCommand
{
    private const string DefaultDictionary = "fuzz/websocket.dict";
    private const string SeedsRoot = "fuzz/corpus";

    private static readonly Option<string?> AssemblyOption = new("--assembly", "-a")
    {
        Description = "Assembly with your own targets (static void M(ReadOnlySpan<byte>) marked [FuzzTarget(\"name\")]); it is instrumented too. Default: the built-in targets.",
    };

    private static readonly Option<string[]> InstrumentOption = new("--instrument")
    {
        Description = "Further assembly (simple name or path) to instrument. Repeatable.",
    };

    private static readonly Argument<string> TargetArgument = new("TARGET") { Description = "Target name (see 'wsconf fuzz list')." };

    public static Command Create() => new("fuzz", "Fuzzing: property-based conversations against a live server, and coverage-guided fuzzing of parsers on SharpFuzz (in-process engine, afl-fuzz or libFuzzer).")
    {
        FuzzPropertyCommand.Create(),
        Instrument(),
        List(),
        Run(),
        Repro(),
        Afl(),
        LibFuzzer(),
        LibFuzzerChild(),
    };

    private static Command Instrument()
    {
        var assembly = new Argument<string>("ASSEMBLY") { Description = "The .dll to rewrite (in place unless --output)." };
        var include = new Option<string[]>("--include") { Description = "Instrument only types whose full name starts with this prefix. Repeatable." };
        var exclude = new Option<string[]>("--exclude") { Description = "Never instrument types whose full name starts with this prefix. Repeatable." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the instrumented assembly here instead of in place." };
        var command = new Command("instrument", "Rewrite an assembly with SharpFuzz so every basic block records AFL-style edge coverage (like 'dotnet sharpfuzz', with exclusions).") { assembly, include, exclude, output };
        command.SetAction(parse =>
        {
            string input = parse.GetValue(assembly)!;
            var options = new InstrumentationOptions(parse.GetValue(include) ?? [], parse.GetValue(exclude) ?? []);
            return Guarded(() =>
            {
                IReadOnlyList<string> types = AssemblyInstrumenter.Instrument(input, parse.GetValue(output) ?? input, options);
                Console.Error.WriteLine($"{input}: {types.Count} types instrumented.");
                return ExitCodes.Success;
            });
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List the fuzz targets.") { AssemblyOption };
        command.SetAction(parse => Guarded(() =>
        {
            string path = parse.GetValue(AssemblyOption) ?? TargetSource.BuiltIn().AssemblyPath;
            foreach (FuzzTargetInfo target in TargetDiscovery.Discover(path))
            {
                Console.Out.WriteLine($"{target.Name}\t{target.Description}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Run()
    {
        var seconds = new Option<int?>("--seconds") { Description = "Stop after this many seconds (default 60 unless --runs)." }.Within(1, int.MaxValue / 2);
        var runs = new Option<long?>("--runs") { Description = "Stop after this many executions." }.Within(1L, long.MaxValue);
        var corpus = new Option<string?>("--corpus") { Description = "Corpus folder: read at start, inputs adding coverage are written to it." };
        var seeds = new Option<string?>("--seeds") { Description = $"Seed folder (default {SeedsRoot}/TARGET when it exists)." };
        var dictionary = new Option<string?>("--dict") { Description = $"AFL-format dictionary (default {DefaultDictionary} when it exists)." };
        var artifacts = new Option<string>("--artifacts") { Description = "Folder for crash/hang reproducers.", DefaultValueFactory = _ => "fuzz-artifacts" };
        var seed = new Option<int>("--seed") { Description = "Random seed (same seed + inputs + --runs = same run).", DefaultValueFactory = _ => 1 };
        var maxLength = new Option<int>("--max-len") { Description = "Largest input in bytes.", DefaultValueFactory = _ => 4096 }.Within(1, int.MaxValue);
        var timeout = new Option<int>("--timeout-ms") { Description = "Per-input time limit; a longer run is a hang.", DefaultValueFactory = _ => 2000 }.Within(1, int.MaxValue);
        var command = new Command("run", "Fuzz TARGET in-process, printing executions per second and coverage as it goes.")
        {
            TargetArgument, AssemblyOption, InstrumentOption, seconds, runs, corpus, seeds, dictionary, artifacts, seed, maxLength, timeout,
        };
        command.SetAction(parse => WithTarget(parse, (targets, target) =>
        {
            string? seedFolder = parse.GetValue(seeds) ?? ExistingOrNull(Path.Combine(SeedsRoot, target.Name));
            string? dictionaryPath = parse.GetValue(dictionary) ?? ExistingOrNull(DefaultDictionary);
            var timeline = new List<FuzzProgress>();
            var options = new FuzzOptions
            {
                Seed = parse.GetValue(seed),
                MaxExecutions = parse.GetValue(runs),
                Duration = TimeSpan.FromSeconds(parse.GetValue(seconds) ?? (parse.GetValue(runs) is null ? 60 : int.MaxValue / 2)),
                MaxInputLength = parse.GetValue(maxLength),
                InputTimeout = TimeSpan.FromMilliseconds(parse.GetValue(timeout)),
                Seeds = seedFolder is null ? [] : Directory.GetFiles(seedFolder).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList(),
                CorpusDirectory = parse.GetValue(corpus),
                ArtifactsDirectory = Path.Combine(parse.GetValue(artifacts)!, target.Name),
                Dictionary = dictionaryPath is null ? [] : FuzzDictionary.Load(dictionaryPath),
                FrameMutations = target.Info.Frames,
                Progress = progress =>
                {
                    timeline.Add(progress);
                    Console.Error.WriteLine(progress);
                },
            };
            Console.Error.WriteLine($"fuzzing {target.Name}: {options.Seeds.Count} seeds from {seedFolder ?? "(none)"}, {options.Dictionary.Count} dictionary tokens, {targets.Instrumented.Count} instrumented assemblies, seed {options.Seed}");
            FuzzReport report = new FuzzEngine(targets, target, options).Run();
            Console.Error.WriteLine($"done: {report.Final}");
            string page = Path.Combine(options.ArtifactsDirectory!, CoverageFuzzReport.FileName);
            Directory.CreateDirectory(options.ArtifactsDirectory!);
            CoverageFuzzReport.Write(page, target.Name, options.Seed, timeline, report);
            Console.Error.WriteLine($"report: {page}");
            foreach (Finding finding in report.Findings)
            {
                Console.Out.WriteLine($"{finding.Kind.ToString().ToLowerInvariant()} {finding.Signature} ({finding.Input.Length} bytes) -> {finding.SavedTo}");
                Console.Out.WriteLine(Indent(finding.Description));
            }

            return report.Findings.Count == 0 ? ExitCodes.Success : ExitCodes.Failed;
        }));
        return command;
    }

    private static Command Repro()
    {
        var file = new Argument<string>("FILE") { Description = "The input to run once." };
        var command = new Command("repro", "Run TARGET once on FILE and print what it throws.") { TargetArgument, file, AssemblyOption, InstrumentOption };
        command.SetAction(parse => WithTarget(parse, (targets, target) => RunOnce(targets, target, File.ReadAllBytes(parse.GetValue(file)!))));
        return command;
    }

    private static Command Afl()
    {
        var command = new Command("afl", "Serve TARGET to afl-fuzz through SharpFuzz's Fuzzer.Run: afl-fuzz -i SEEDS -o OUT -t 5000 -- dotnet wsconf.dll fuzz afl TARGET. Outside afl-fuzz, runs stdin once.")
        {
            TargetArgument, AssemblyOption, InstrumentOption,
        };
        command.SetAction(parse => WithTarget(parse, (targets, target) =>
        {
            if (!EngineDrivers.UnderAfl)
            {
                return RunOnce(targets, target, ReadAll(Console.OpenStandardInput()));
            }

            EngineDrivers.ServeAfl(targets, target);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command LibFuzzer()
    {
        var libFuzzerArguments = new Argument<string[]>("LIBFUZZER_ARGS")
        {
            Description = "libFuzzer flags and corpus folders, after '--' (e.g. -- -fork=2 -dict=fuzz/websocket.dict -max_total_time=60 CORPUS).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("libfuzzer", "Fuzz TARGET with libFuzzer: builds the driver (fuzz/libfuzzer/wsconf-libfuzzer.c, clang -fsanitize=fuzzer) and starts it with this wsconf serving TARGET as its child.")
        {
            TargetArgument, AssemblyOption, InstrumentOption, libFuzzerArguments,
        };
        command.SetAction(parse => Guarded(() =>
        {
            // The child reloads the targets itself; instrumenting here first keeps that out of the driver's start-up.
            int loaded = WithTarget(parse, (_, _) => ExitCodes.Success);
            if (loaded != ExitCodes.Success)
            {
                return loaded;
            }

            var child = new List<string> { "fuzz", "libfuzzer-child", parse.GetValue(TargetArgument)! };
            if (parse.GetValue(AssemblyOption) is { } assembly)
            {
                child.AddRange(["--assembly", Path.GetFullPath(assembly)]);
            }

            child.AddRange((parse.GetValue(InstrumentOption) ?? []).SelectMany(name => new[] { "--instrument", name }));
            string driver = LibFuzzerDriver.Build(LibFuzzerDriver.DefaultCacheDirectory);
            return LibFuzzerDriver.Run(driver, SelfCommand().Concat(child).ToList(), parse.GetValue(libFuzzerArguments) ?? []);
        }));
        return command;
    }

    private static Command LibFuzzerChild()
    {
        var command = new Command("libfuzzer-child", "Serve TARGET to the libFuzzer driver through SharpFuzz's Fuzzer.LibFuzzer.Run (started by 'wsconf fuzz libfuzzer').")
        {
            TargetArgument, AssemblyOption, InstrumentOption,
        };
        command.Hidden = true;
        command.SetAction(parse => WithTarget(parse, (targets, target) =>
        {
            if (!EngineDrivers.UnderLibFuzzer)
            {
                Console.Error.WriteLine("wsconf: not started by the libFuzzer driver; use 'wsconf fuzz libfuzzer TARGET' or 'wsconf fuzz repro TARGET FILE'.");
                return ExitCodes.UsageError;
            }

            EngineDrivers.ServeLibFuzzer(targets, target);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>How to start this wsconf again: the apphost, or dotnet and wsconf.dll.</summary>
    private static IEnumerable<string> SelfCommand()
    {
        string process = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? [process, typeof(FuzzCommand).Assembly.Location] : [process];
    }

    private static int RunOnce(LoadedTargets targets, FuzzTarget target, byte[] input)
    {
        Exception? failure = EngineDrivers.RunOne(targets, target, input);
        Console.Error.WriteLine(failure is null ? $"{target.Name}: {input.Length} bytes ran without error." : failure.ToString());
        return failure is null ? ExitCodes.Success : ExitCodes.Failed;
    }

    private static int WithTarget(ParseResult parse, Func<LoadedTargets, FuzzTarget, int> action) => Guarded(() =>
    {
        string? assembly = parse.GetValue(AssemblyOption);
        InstrumentationOptions instrumentation = InstrumentationOptions.All;
        TargetSource source = assembly is null
            ? TargetSource.BuiltIn() with { ExtraInstrument = parse.GetValue(InstrumentOption) ?? [], Options = instrumentation }
            : new TargetSource(assembly, InstrumentTargetAssembly: true, parse.GetValue(InstrumentOption) ?? [], instrumentation);
        using LoadedTargets targets = LoadedTargets.Load(source);
        string name = parse.GetValue(TargetArgument)!;
        if (targets.Find(name) is not { } target)
        {
            Console.Error.WriteLine($"wsconf: no fuzz target '{name}'; known: {string.Join(", ", targets.Targets.Select(t => t.Name))}");
            return ExitCodes.UsageError;
        }

        return action(targets, target);
    });

    /// <summary>Bad files and unreadable assemblies are usage errors, reported in one line.</summary>
    private static int Guarded(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or BadImageFormatException or FormatException or UnauthorizedAccessException or SharpFuzz.InstrumentationException)
        {
            Console.Error.WriteLine($"wsconf: {e.Message}");
            return ExitCodes.UsageError;
        }
    }

    private static string? ExistingOrNull(string path) => File.Exists(path) || Directory.Exists(path) ? path : null;

    private static string Indent(string text) => "    " + text.ReplaceLineEndings(Environment.NewLine + "    ");

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
