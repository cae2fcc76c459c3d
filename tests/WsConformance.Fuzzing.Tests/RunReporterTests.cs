using System.Collections.Concurrent;
using WsConformance.Fuzzing.Afl;

namespace WsConformance.Fuzzing.Tests;

public sealed class RunReporterTests
{
    private const uint Pid = 4242;

    [Fact]
    public void A_run_ends_with_the_pid_and_the_status_in_one_write()
    {
        var writes = new ConcurrentQueue<uint[]>();
        using var reporter = new RunReporter(Pid, words => writes.Enqueue(words.ToArray()), TimeSpan.FromHours(1));

        reporter.Started();
        reporter.Ended(0);
        reporter.Started();
        reporter.Ended(AflDriver.CrashStatus);

        Assert.Equal([[Pid, 0], [Pid, (uint)AflDriver.CrashStatus]], writes);
    }

    [Fact]
    public void A_long_run_gets_its_pid_from_the_watchdog_so_afls_timeout_starts_and_the_status_follows_alone()
    {
        var writes = new ConcurrentQueue<uint[]>();
        using var reporter = new RunReporter(Pid, words => writes.Enqueue(words.ToArray()), TimeSpan.FromMilliseconds(5));

        reporter.Started();
        Assert.True(SpinWait.SpinUntil(() => !writes.IsEmpty, TimeSpan.FromSeconds(30)), "the watchdog never sent the pid");
        reporter.Ended(AflDriver.CrashStatus);
        reporter.Started();
        reporter.Ended(0);

        Assert.Equal([Pid], writes.ElementAt(0));
        Assert.Equal([(uint)AflDriver.CrashStatus], writes.ElementAt(1));
        Assert.All(writes.Skip(2), words => Assert.Contains(Pid, words));
        Assert.Equal(0u, writes.Last()[^1]);
    }
}
