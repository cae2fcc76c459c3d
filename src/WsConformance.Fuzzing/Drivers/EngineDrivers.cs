using SharpFuzz;
using WsConformance.Fuzzing.Loading;
using WsConformance.Fuzzing.Targets;

namespace WsConformance.Fuzzing.Drivers;

/// <summary>
/// Serves a target to an outside fuzzing engine through SharpFuzz's own runners: <see cref="Fuzzer.Run(Action{Stream})"/>
/// for afl-fuzz (persistent fork-server model over fds 198/199, test cases on stdin) and
/// <see cref="Fuzzer.LibFuzzer.Run(ReadOnlySpanAction)"/> for a libFuzzer driver (fuzz/libfuzzer/wsconf-libfuzzer.c:
/// length on fd 198, input and coverage in one shared memory segment, status on fd 199).
/// </summary>
/// <remarks>
/// SharpFuzz points the default context's <c>SharpFuzz.Common.Trace</c> at the engine's map; the targets run in
/// their own load context with their own copy of that class, so the first execution hands the same map to it.
/// A hang or an uncatchable failure ends the .NET process: afl-fuzz then stops the instance ("Unable to
/// communicate with fork server", the input is in OUT/NAME/.cur_input), libFuzzer saves the input as a crash.
/// </remarks>
public static class EngineDrivers
{
    /// <summary>afl-fuzz's own limit on a test case is 1 MiB; the libFuzzer driver's shared memory holds as much.</summary>
    public const int MaxInputLength = 1 << 20;

    /// <summary>True when this process was started by afl-fuzz (its coverage map exists).</summary>
    public static bool UnderAfl => Environment.GetEnvironmentVariable("__AFL_SHM_ID") is not null;

    /// <summary>True when this process was started by the libFuzzer driver.</summary>
    public static bool UnderLibFuzzer => Environment.GetEnvironmentVariable("__LIBFUZZER_SHM_ID") is not null;

    /// <summary>Serves afl-fuzz until it closes the control pipe (SharpFuzz then ends the process).</summary>
    public static void ServeAfl(LoadedTargets targets, FuzzTarget target)
    {
        var execution = new SharedMapExecution(targets, target);
        byte[] buffer = new byte[MaxInputLength];
        Fuzzer.Run(stdin =>
        {
            int length = stdin.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            execution.Run(buffer.AsSpan(0, length));
        });
    }

    /// <summary>Serves the libFuzzer driver until it closes the control pipe or the target throws.</summary>
    public static void ServeLibFuzzer(LoadedTargets targets, FuzzTarget target)
    {
        var execution = new SharedMapExecution(targets, target);
        Fuzzer.LibFuzzer.Run(execution.Run);
    }

    /// <summary>Runs one input; the exception it threw, or null.</summary>
    public static Exception? RunOne(LoadedTargets targets, FuzzTarget target, ReadOnlySpan<byte> input)
    {
        targets.ResetPrevious();
        try
        {
            target.Run(input);
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    /// <summary>One execution under SharpFuzz's runner: the targets count into the map SharpFuzz attached.</summary>
    private sealed class SharedMapExecution(LoadedTargets targets, FuzzTarget target)
    {
        private bool _attached;

        public unsafe void Run(ReadOnlySpan<byte> input)
        {
            if (!_attached)
            {
                // SharpFuzz sets its map before the first execution and keeps it for the process's lifetime.
                targets.Attach(SharpFuzz.Common.Trace.SharedMem);
                _attached = true;
            }

            targets.ResetPrevious();
            target.Run(input);
        }
    }
}
