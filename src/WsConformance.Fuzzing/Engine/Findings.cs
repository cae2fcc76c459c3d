using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using WsConformance.Fuzzing.Targets;

namespace WsConformance.Fuzzing.Engine;

/// <summary>What kind of problem an input revealed.</summary>
public enum FindingKind
{
    /// <summary>The target threw.</summary>
    Crash,

    /// <summary>The target ran past the per-input time limit.</summary>
    Hang,
}

/// <summary>A distinct problem: the (minimised) input and what happened.</summary>
/// <param name="Kind">Crash or hang.</param>
/// <param name="Signature">Exception type + top stack frames, hashed: equal for the same bug.</param>
/// <param name="Input">The smallest input found that reproduces it.</param>
/// <param name="Description">Exception type, message and stack (or the hang's time limit).</param>
/// <param name="SavedTo">The reproducer file, when an artifacts folder was given.</param>
public sealed record Finding(FindingKind Kind, string Signature, byte[] Input, string Description, string? SavedTo);

/// <summary>Computes stack signatures and minimises crashing inputs.</summary>
public static class CrashAnalysis
{
    private const int SignatureFrames = 5;
    private const int MaxMinimizeRuns = 4000;

    /// <summary>
    /// Exception type (and <see cref="FuzzFindingException.Category"/>) plus the top <see cref="SignatureFrames"/> frames (type.method, no offsets), hashed, so the
    /// same bug reached through different inputs de-duplicates.
    /// </summary>
    public static string Signature(Exception exception)
    {
        var text = new StringBuilder(exception.GetType().FullName);
        if (exception.Data[FuzzFindingException.CategoryKey] is string category)
        {
            text.Append('|').Append(category);
        }

        foreach (StackFrame frame in new StackTrace(exception, fNeedFileInfo: false).GetFrames().Take(SignatureFrames))
        {
            text.Append('|').Append(frame.GetMethod()?.DeclaringType?.FullName).Append('.').Append(frame.GetMethod()?.Name);
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12].ToLowerInvariant();
    }

    /// <summary>
    /// Shrinks <paramref name="input"/> while <paramref name="reproduces"/> still holds: removes ever smaller
    /// chunks, then lowers single bytes toward zero, within a fixed number of runs.
    /// </summary>
    public static byte[] Minimize(byte[] input, Func<byte[], bool> reproduces)
    {
        byte[] best = input;
        int runs = 0;
        for (int chunk = Math.Max(1, best.Length / 2); chunk >= 1 && runs < MaxMinimizeRuns; chunk /= 2)
        {
            for (int at = 0; at + chunk <= best.Length && runs < MaxMinimizeRuns; runs++)
            {
                byte[] candidate = [.. best.AsSpan(0, at), .. best.AsSpan(at + chunk)];
                if (reproduces(candidate))
                {
                    best = candidate;
                }
                else
                {
                    at += chunk;
                }
            }
        }

        for (int at = 0; at < best.Length && runs < MaxMinimizeRuns; at++, runs++)
        {
            if (best[at] != 0)
            {
                byte[] candidate = (byte[])best.Clone();
                candidate[at] = 0;
                best = reproduces(candidate) ? candidate : best;
            }
        }

        return best;
    }

    /// <summary>Writes <c>KIND-SIGNATURE</c> (the input) and <c>KIND-SIGNATURE.txt</c> (the description) into <paramref name="directory"/>.</summary>
    public static string Save(string directory, FindingKind kind, string signature, byte[] input, string description)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, $"{kind.ToString().ToLowerInvariant()}-{signature}");
        File.WriteAllBytes(path, input);
        File.WriteAllText(path + ".txt", description + Environment.NewLine);
        return path;
    }
}
