using System.Security.Cryptography;
using System.Text;
using WsConformance.Fuzzing.Instrumentation;

namespace WsConformance.Fuzzing.Loading;

/// <summary>
/// Instrumented copies keyed by the input's content, the options and the instrumenter builds (SharpFuzz's and
/// ours), so a second run (or a second AFL++ instance) reuses the first one's work. Each copy is written to a private folder and then
/// renamed into place, so concurrent instances never see a half-written file.
/// </summary>
internal sealed class InstrumentationCache(string directory)
{
    /// <summary>
    /// Path of the instrumented copy of <paramref name="inputPath"/>, creating it if needed; the file itself when it
    /// is instrumented already (by <c>dotnet sharpfuzz</c>, say).
    /// </summary>
    public string GetOrCreate(string inputPath, InstrumentationOptions options)
    {
        if (AssemblyInstrumenter.IsInstrumented(inputPath))
        {
            return inputPath;
        }

        string fileName = Path.GetFileName(inputPath);
        string entry = Path.Combine(directory, Key(inputPath, options));
        string output = Path.Combine(entry, fileName);
        if (File.Exists(output))
        {
            return output;
        }

        string staging = entry + ".tmp-" + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(staging);
        AssemblyInstrumenter.Instrument(inputPath, Path.Combine(staging, fileName), options);
        try
        {
            Directory.Move(staging, entry);
        }
        catch (IOException) when (File.Exists(output))
        {
            Directory.Delete(staging, recursive: true);
        }

        return output;
    }

    private static string Key(string inputPath, InstrumentationOptions options)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(File.ReadAllBytes(inputPath));
        hash.AppendData(Encoding.UTF8.GetBytes($"{string.Join(',', options.Include)}|{string.Join(',', options.Exclude)}"));
        hash.AppendData(typeof(SharpFuzz.Fuzzer).Assembly.ManifestModule.ModuleVersionId.ToByteArray());
        hash.AppendData(typeof(AssemblyInstrumenter).Assembly.ManifestModule.ModuleVersionId.ToByteArray());
        return Convert.ToHexString(hash.GetHashAndReset())[..16].ToLowerInvariant();
    }
}
