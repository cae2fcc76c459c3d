using System.Globalization;

namespace WsConformance.Engine.Tests.Interop;

/// <summary>One row of a published Autobahn|Testsuite result: the verdicts a server got for a case.</summary>
public sealed record AutobahnVerdict(string Case, string Behavior, string BehaviorClose, int? RemoteCloseCode);

/// <summary>Reads the TSV files of real Autobahn runs (tests/interop/autobahn-results).</summary>
public static class AutobahnVerdicts
{
    public static IReadOnlyDictionary<string, AutobahnVerdict> Load(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "autobahn-results", fileName);
        return File.ReadLines(path)
            .Skip(1)
            .Select(line => line.Split('\t'))
            .Select(f => new AutobahnVerdict(f[0], f[1], f[2], int.TryParse(f[4], out var code) ? code : null))
            .ToDictionary(v => v.Case);
    }

    /// <summary>Set <c>WSCONF_FULL_PARITY=1</c> to compare every row of sections 12 and 13, as before a release.</summary>
    public static bool FullParity => Environment.GetEnvironmentVariable("WSCONF_FULL_PARITY") == "1";

    /// <summary>
    /// Whether a run compares this case of sections 12 and 13. By default: every data set and every offer
    /// (12.1–13.7) with messages up to 8 KiB, whole (rows 1–6) and in 256-byte fragments (row 11), 84 cases. The
    /// 16–128 KiB rows test nothing those do not and spend minutes in the peer's own compression (a single-threaded
    /// Python server: 6 of the Engine tests' 16 minutes), so they run with <see cref="FullParity"/>.
    /// </summary>
    public static bool IsComparedCompressionRow(string autobahnId) =>
        FullParity || int.Parse(autobahnId.Split('.')[2], CultureInfo.InvariantCulture) is <= 6 or 11;

    /// <summary>How many cases of sections 12 and 13 <see cref="IsComparedCompressionRow"/> selects.</summary>
    public static int ComparedCompressionCases => FullParity ? 216 : 84;
}
