using WsConformance.Reporting;
using WsConformance.Reporting.Model;

namespace WsConformance.Cli;

/// <summary><c>wsconf run --baseline FILE</c> and <c>--write-baseline FILE</c>.</summary>
internal static class BaselineGate
{
    /// <summary>Reads and parses a baseline; prints why not and returns null when it cannot be used.</summary>
    public static Baseline? Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"wsconf: baseline {path}: {e.Message}");
            return null;
        }

        var baseline = Baseline.Parse(text, out var errors);
        foreach (var error in errors)
        {
            Console.Error.WriteLine($"wsconf: {path}: {error}");
        }

        return baseline;
    }

    /// <summary>Prints every deviation; true when none is a regression.</summary>
    public static bool Check(Baseline baseline, ReportDocument report, string path)
    {
        var deviations = baseline.Check(report);
        var regressions = deviations.Where(d => !d.Improvement).ToList();
        foreach (var deviation in deviations)
        {
            Console.Error.WriteLine($"{(deviation.Improvement ? "+" : "×")} {deviation}");
        }

        Console.Error.WriteLine(regressions.Count == 0
            ? $"Run fits the baseline {path}{(deviations.Count > 0 ? $" ({deviations.Count} improvements)" : "")}."
            : $"{regressions.Count} result(s) deviate from the baseline {path}.");
        return regressions.Count == 0;
    }

    public static void Write(string path, ReportDocument report) =>
        AtomicFile.Write(path, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(Baseline.From(report))));
}
