using System.Diagnostics;
using System.Globalization;
using WsConformance.Fuzzing.Targets;

namespace WsConformance.Cli.Tests;

/// <summary>
/// <c>wsconf fuzz afl</c> (SharpFuzz's <c>Fuzzer.Run</c>) under Debian's real afl-fuzz (CI installs afl++): the
/// fork-server handshake, coverage that makes the queue grow, the known finding among the seeds reported as a crash,
/// and crashes that are real findings.
/// </summary>
public sealed class AflFuzzTests : IDisposable
{
    private const string Finding = "differential-snws-utf8-empty-final-fragment.bin";

    /// <summary>Long enough on a loaded machine: on a quiet one afl-fuzz saves the first crash within half a second.</summary>
    private const int FuzzSeconds = 12;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    /// <summary>Further campaigns of <see cref="FuzzSeconds"/> each, at most, for the first new crash.</summary>
    private const int MostResumes = 4;

    private readonly string _output = Directory.CreateTempSubdirectory("wsconf-afl-").FullName;

    public void Dispose() => Directory.Delete(_output, recursive: true);

    [Fact]
    public async Task Afl_fuzz_drives_the_differential_target_grows_its_queue_and_saves_only_real_disagreements()
    {
        string fuzz = FuzzFolder();
        string seeds = Directory.CreateDirectory(Path.Combine(_output, "seeds")).FullName;
        foreach (string seed in Directory.GetFiles(Path.Combine(fuzz, "corpus", "differential")).Append(Path.Combine(fuzz, "findings", Finding)))
        {
            File.Copy(seed, Path.Combine(seeds, Path.GetFileName(seed)));
        }

        (int exitCode, string log) = await RunAflFuzzAsync(seeds, Path.Combine(fuzz, "websocket.dict"), "differential");

        Assert.True(exitCode == 0, log);
        // The known finding, reproduced from its file under afl-fuzz's fork server (its dry run skips it and goes on).
        Assert.Contains($"orig:{Finding}' results in a crash", log, StringComparison.Ordinal);
        // A busy machine may need more than one short campaign to grow the queue and find the first new crash:
        // the campaign is resumed (-i -) until it has (afl-fuzz keeps its statistics across resumes).
        for (int resumed = 0; !(QueueGrew(seeds) && Crashes().Length > 0) && resumed < MostResumes; resumed++)
        {
            (exitCode, log) = await RunAflFuzzAsync("-", Path.Combine(fuzz, "websocket.dict"), "differential");
            Assert.True(exitCode == 0, log);
        }

        Dictionary<string, string> stats = Stats();
        Assert.True(long.Parse(stats["execs_done"], CultureInfo.InvariantCulture) > 5_000, $"{stats["execs_done"]} executions");
        Assert.True(QueueGrew(seeds), "the queue never grew past the seeds");

        // The target disagrees with System.Net.WebSockets in known ways (fuzz/findings/): afl-fuzz must find them,
        // and every input it saved as a crash must be one of them when replayed outside afl-fuzz.
        string[] crashes = Crashes();
        Assert.NotEmpty(crashes);
        foreach (string crash in crashes.Order(StringComparer.Ordinal).Take(3))
        {
            Wsconf.Outcome replay = await Wsconf.RunAsync("fuzz", "repro", "differential", crash);
            Assert.Equal(1, replay.ExitCode);
            Assert.True(
                replay.StandardError.Contains($"[{SystemWebSocketTargets.SnwsJudgesLate}]", StringComparison.Ordinal)
                    || replay.StandardError.Contains($"[{SystemWebSocketTargets.SnwsLenientUtf8}]", StringComparison.Ordinal),
                replay.StandardError);
        }
    }

    /// <param name="input">The seed folder, or "-" to resume the campaign in the output folder.</param>
    private async Task<(int ExitCode, string Log)> RunAflFuzzAsync(string input, string dictionary, string target)
    {
        var start = new ProcessStartInfo("afl-fuzz")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["-i", input, "-o", Path.Combine(_output, "out"), "-x", dictionary, "-t", "5000", "-m", "none", "-V", FuzzSeconds.ToString(CultureInfo.InvariantCulture),
            "--", "dotnet", Path.Combine(AppContext.BaseDirectory, "wsconf.dll"), "fuzz", "afl", target])
        {
            start.ArgumentList.Add(argument);
        }

        // The settings fuzz/run-afl.sh uses, for the same reasons (fuzz/README.md).
        start.Environment["AFL_SKIP_BIN_CHECK"] = "1";
        start.Environment["AFL_SKIP_CPUFREQ"] = "1";
        start.Environment["AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES"] = "1";
        start.Environment["AFL_FORKSRV_INIT_TMOUT"] = "60000";
        start.Environment["AFL_NO_UI"] = "1";
        start.Environment["AFL_NO_AFFINITY"] = "1";

        Process afl;
        try
        {
            afl = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("afl-fuzz not found: apt-get install -y afl++ (.ci/run installs it).");
        }

        using (afl)
        {
            Task<string> output = afl.StandardOutput.ReadToEndAsync();
            Task<string> error = afl.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Bound);
            try
            {
                await afl.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                afl.Kill(entireProcessTree: true);
                throw new TimeoutException($"afl-fuzz did not end within {Bound.TotalSeconds} s:\n{await output}");
            }

            return (afl.ExitCode, await output + await error);
        }
    }

    private string[] Crashes() => Directory.GetFiles(Path.Combine(_output, "out", "default", "crashes"), "id:*");

    private bool QueueGrew(string seeds) =>
        int.Parse(Stats()["corpus_count"], CultureInfo.InvariantCulture) > Directory.GetFiles(seeds).Length;

    private Dictionary<string, string> Stats() =>
        File.ReadAllLines(Path.Combine(_output, "out", "default", "fuzzer_stats"))
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.Ordinal);

    private static string FuzzFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "fuzz");
            if (Directory.Exists(Path.Combine(candidate, "corpus")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("fuzz/corpus not found above " + AppContext.BaseDirectory);
    }
}
