using System.Diagnostics;
using System.Security.Cryptography;

namespace WsConformance.Fuzzing.Drivers;

/// <summary>
/// Builds and starts the libFuzzer front end, fuzz/libfuzzer/wsconf-libfuzzer.c (embedded in this assembly), a
/// native libFuzzer binary whose child process is the .NET target speaking SharpFuzz's libFuzzer protocol.
/// </summary>
public static class LibFuzzerDriver
{
    private const string SourceName = "wsconf-libfuzzer.c";
    private const string BinaryName = "wsconf-libfuzzer";

    /// <summary>Where built drivers are kept: beside the instrumented assemblies' cache.</summary>
    public static string DefaultCacheDirectory => Path.Combine(Path.GetTempPath(), "wsconf-fuzz-cache");

    /// <summary>The driver's source code.</summary>
    public static byte[] Source()
    {
        using Stream resource = typeof(LibFuzzerDriver).Assembly.GetManifestResourceStream(SourceName)!;
        using var copy = new MemoryStream();
        resource.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Path of the driver built from this source with clang, building it under <paramref name="cacheDirectory"/> if needed.</summary>
    /// <exception cref="InvalidOperationException">clang is missing or failed.</exception>
    public static string Build(string cacheDirectory)
    {
        byte[] source = Source();
        string entry = Path.Combine(cacheDirectory, "libfuzzer-" + Convert.ToHexString(SHA256.HashData(source))[..16].ToLowerInvariant());
        string binary = Path.Combine(entry, BinaryName);
        if (File.Exists(binary))
        {
            return binary;
        }

        // Built in a private folder and renamed into place, so concurrent builds never see a half-written file.
        string staging = Directory.CreateDirectory(entry + ".tmp-" + Guid.NewGuid().ToString("N")).FullName;
        File.WriteAllBytes(Path.Combine(staging, SourceName), source);
        Compile(Path.Combine(staging, SourceName), Path.Combine(staging, BinaryName));
        try
        {
            Directory.Move(staging, entry);
        }
        catch (IOException) when (File.Exists(binary))
        {
            Directory.Delete(staging, recursive: true);
        }

        return binary;
    }

    /// <summary>The driver's command line: the .NET child's command as target flags, then libFuzzer's own arguments.</summary>
    public static IReadOnlyList<string> Arguments(IReadOnlyList<string> childCommand, IEnumerable<string> libFuzzerArguments) =>
        [$"--target_path={childCommand[0]}", .. childCommand.Skip(1).Select(argument => $"--target_arg={argument}"), .. libFuzzerArguments];

    /// <summary>Runs the driver in the foreground (this process's console) and returns its exit code.</summary>
    public static int Run(string driver, IReadOnlyList<string> childCommand, IEnumerable<string> libFuzzerArguments)
    {
        var start = new ProcessStartInfo(driver) { UseShellExecute = false };
        foreach (string argument in Arguments(childCommand, libFuzzerArguments))
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;

        // Ctrl-C reaches the driver too (same process group): libFuzzer prints its summary and ends, and this
        // process waits for that instead of leaving the driver behind.
        ConsoleCancelEventHandler keepWaiting = (_, cancel) => cancel.Cancel = true;
        Console.CancelKeyPress += keepWaiting;
        try
        {
            process.WaitForExit();
            return process.ExitCode;
        }
        finally
        {
            Console.CancelKeyPress -= keepWaiting;
        }
    }

    private static void Compile(string source, string output)
    {
        var start = new ProcessStartInfo("clang") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in new[] { "-O2", "-fsanitize=fuzzer", "-o", output, source })
        {
            start.ArgumentList.Add(argument);
        }

        Process compiler;
        try
        {
            compiler = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot start clang ({e.Message}); install it: apt-get install -y clang libclang-rt-14-dev", e);
        }

        using (compiler)
        {
            Task<string> errors = compiler.StandardError.ReadToEndAsync();
            compiler.StandardOutput.ReadToEnd();
            compiler.WaitForExit();
            if (compiler.ExitCode != 0)
            {
                throw new InvalidOperationException($"clang -fsanitize=fuzzer failed (on Debian, -fsanitize=fuzzer needs libclang-rt-14-dev):{Environment.NewLine}{errors.Result}");
            }
        }
    }
}
