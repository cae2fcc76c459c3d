using System.Globalization;
using WsConformance.Fuzzing.Coverage;
using WsConformance.Fuzzing.Instrumentation;
using WsConformance.Fuzzing.Loading;
using WsConformance.Fuzzing.Targets;

namespace WsConformance.Fuzzing.Afl;

/// <summary>
/// Serves a target to afl-fuzz (AFL++ 4.x, old fork-server model) in persistent mode. The .NET process cannot
/// fork, so it plays both fork server and child: it says hello on fd 199, then for each run reads afl's 4-byte
/// request on fd 198, runs the input and answers with its own pid and a wait status (0, or 6 = "killed by SIGABRT"
/// when the target threw), both in one write (see <see cref="RunReporter"/>). Coverage goes straight into afl's map (__AFL_SHM_ID); inputs
/// come from afl's test-case shared memory (__AFL_SHM_FUZZ_ID: 4-byte length + data), or from stdin when afl
/// offers none.
/// </summary>
/// <remarks>
/// A hang cannot be recovered in-process: afl-fuzz kills the reported pid (this process) and stops with
/// "Unable to communicate with fork server"; the input is in OUT/…/.cur_input. Use a generous -t.
/// </remarks>
public static unsafe class AflDriver
{
    /// <summary>Set when the hello word carries options (AFL++ FS_OPT_ENABLED).</summary>
    public const uint OptionsEnabled = 0x80000001;

    /// <summary>The target reads test cases from shared memory (AFL++ FS_OPT_SHDMEM_FUZZ).</summary>
    public const uint SharedMemoryFuzzing = 0x01000000;

    /// <summary>The hello word names the target's map size (AFL++ FS_OPT_MAPSIZE), so afl-fuzz scans only that much after each run.</summary>
    public const uint MapSizeAnnounced = 0x40000000;

    /// <summary>Wait status afl-fuzz reads as "killed by signal 6", i.e. a crash.</summary>
    public const int CrashStatus = 6;

    private const int ControlFd = 198;
    private const int StatusFd = 199;
    private const int StandardInput = 0;
    private const int SeekSet = 0;
    private const int MaxStdinInput = 1 << 20;

    /// <summary>True when this process was started by afl-fuzz (its coverage map exists).</summary>
    public static bool UnderAfl => Environment.GetEnvironmentVariable("__AFL_SHM_ID") is not null;

    /// <summary>Speaks the fork-server protocol until afl-fuzz closes the control pipe; returns the exit code.</summary>
    public static int Serve(LoadedTargets targets, FuzzTarget target)
    {
        CoverageMap map = CoverageMap.Wrap(Attach("__AFL_SHM_ID"), targets.MapSize);
        targets.Attach(map);
        WarmUp(targets, target, map);

        string? fuzzId = Environment.GetEnvironmentVariable("__AFL_SHM_FUZZ_ID");
        byte* testCase = fuzzId is null ? null : Attach("__AFL_SHM_FUZZ_ID");
        if (!WriteWord(Hello(targets.MapSize, sharedMemoryInput: testCase is not null)))
        {
            Console.Error.WriteLine("wsconf: cannot write to fd 199; is this process started by afl-fuzz?");
            return 1;
        }

        if (testCase is not null && !ReadWord(out _))
        {
            return 1;
        }

        byte[] stdinBuffer = testCase is null ? new byte[MaxStdinInput] : [];
        bool debugChild = Environment.GetEnvironmentVariable("AFL_DEBUG_CHILD") is not null;
        using var reporter = new RunReporter((uint)Environment.ProcessId, WriteWords, RunReporter.DefaultPidDelay);
        while (ReadWord(out _))
        {
            reporter.Started();

            // The test case is read where afl wrote it: a span over the shared memory, no copy.
            ReadOnlySpan<byte> input = testCase is not null ? new ReadOnlySpan<byte>(testCase + sizeof(uint), *(int*)testCase) : ReadStdin(stdinBuffer);
            Exception? failure = RunOne(targets, target, input);
            if (failure is not null && debugChild)
            {
                Console.Error.WriteLine(failure);
            }

            reporter.Ended(failure is null ? 0u : CrashStatus);
        }

        return 0;
    }

    /// <summary>
    /// The first word to afl-fuzz: options enabled, the map size (encoded as AFL++'s FS_OPT_SET_MAPSIZE: size - 1 in
    /// bits 1–23), and whether test cases come through shared memory.
    /// </summary>
    public static uint Hello(int mapSize, bool sharedMemoryInput) =>
        OptionsEnabled | MapSizeAnnounced | ((uint)(mapSize - 1) << 1) | (sharedMemoryInput ? SharedMemoryFuzzing : 0);

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

    /// <summary>JIT and static constructors run once before afl measures anything, so the first run is not special.</summary>
    private static void WarmUp(LoadedTargets targets, FuzzTarget target, CoverageMap map)
    {
        RunOne(targets, target, []);
        RunOne(targets, target, "\x81\x05Hello"u8);
        RunOne(targets, target, "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58"u8);
        map.Clear();
    }

    private static byte* Attach(string variable)
    {
        int id = int.Parse(Environment.GetEnvironmentVariable(variable)!, CultureInfo.InvariantCulture);
        nint address = Libc.SharedMemoryAttach(id, 0, 0);
        if (address == -1)
        {
            throw new InvalidOperationException($"shmat({variable}={id}) failed with errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}.");
        }

        return (byte*)address;
    }

    private static ReadOnlySpan<byte> ReadStdin(byte[] buffer)
    {
        // In stdin mode afl rewrites the same file for every run, so read it again from the start.
        Libc.Seek(StandardInput, 0, SeekSet);
        int length = 0;
        fixed (byte* start = buffer)
        {
            nint read;
            while (length < buffer.Length && (read = Libc.Read(StandardInput, start + length, buffer.Length - length)) > 0)
            {
                length += (int)read;
            }
        }

        return buffer.AsSpan(0, length);
    }

    private static bool ReadWord(out uint value)
    {
        uint word = 0;
        bool ok = Libc.Read(ControlFd, (byte*)&word, sizeof(uint)) == sizeof(uint);
        value = word;
        return ok;
    }

    private static bool WriteWord(uint value) => Libc.Write(StatusFd, (byte*)&value, sizeof(uint)) == sizeof(uint);

    private static void WriteWords(ReadOnlySpan<uint> words)
    {
        // Nothing to do if it fails: afl-fuzz is gone, and the next read of its control pipe ends the loop.
        fixed (uint* start = words)
        {
            Libc.Write(StatusFd, (byte*)start, words.Length * sizeof(uint));
        }
    }
}
