using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace WsConformance.Engine.Tests.Timing;

/// <summary>
/// Every timer of the engine reads the run's <see cref="TimeProvider"/>, so tests can drive them with a fake clock and
/// no verdict hangs on a wall-clock read that a test cannot control.
/// </summary>
public sealed partial class EngineClockTests
{
    [Fact]
    public void Engine_code_reads_time_only_through_a_TimeProvider()
    {
        var engine = Path.GetFullPath(Path.Combine(TestsFolder(), "..", "..", "src", "WsConformance.Engine"));
        var offenders = Directory.EnumerateFiles(engine, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, index)))
            .Where(hit => !hit.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && WallClock().IsMatch(hit.line))
            .Select(hit => $"{Path.GetRelativePath(engine, hit.file)}:{hit.index + 1}: {hit.line.Trim()}")
            .ToList();

        Assert.True(Directory.Exists(engine), engine);
        Assert.Empty(offenders);
    }

    [Fact]
    public void The_pattern_catches_each_wall_clock_read()
    {
        string[] reads = ["await Task.Delay(gap);", "Task.Delay(wait, token)", "Stopwatch.StartNew()", "DateTimeOffset.UtcNow", "DateTime.Now",
            "Environment.TickCount64", "cts.CancelAfter(timeout);", "Thread.Sleep(10)"];

        Assert.All(reads, read => Assert.Matches(WallClock(), read));
        Assert.DoesNotMatch(WallClock(), "await Task.Delay(gap, _clock.Time, token);");
    }

    /// <summary>A Task.Delay without a TimeProvider (one or two arguments, none of them a clock), or any other wall-clock read.</summary>
    [GeneratedRegex(@"Task\.Delay\((?![^;]*(Time|_clock))[^;]*\)|\bStopwatch\b|\bDateTime(Offset)?\.(Utc)?Now\b|Environment\.TickCount|\.CancelAfter\(|Thread\.Sleep")]
    private static partial Regex WallClock();

    private static string TestsFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(Path.GetDirectoryName(path))!;
}
