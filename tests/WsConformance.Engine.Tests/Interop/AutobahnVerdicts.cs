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
}
