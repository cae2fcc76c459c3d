using WsConformance.Engine.Judging;

namespace WsConformance.Cli;

/// <summary>
/// Checks, before the first case, that the reports can be written where the user asked, so a run never does all
/// its work and then loses it to a bad <c>--out</c>.
/// </summary>
internal static class OutputFolder
{
    /// <summary>Creates <paramref name="directory"/> if needed and writes a probe file into it; null when that worked, else why not.</summary>
    public static string? Problem(string directory, string option)
    {
        if (File.Exists(directory))
        {
            return $"{option} {EventText.Quote(directory)} is a file; it must name a folder (created when missing).";
        }

        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".wsconf-probe-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"{option} {EventText.Quote(directory)} is not a writable folder: {e.Message}";
        }
    }

    /// <summary>As <see cref="Problem"/> for a file the run will write (its folder must be writable, and it must not be a folder).</summary>
    public static string? FileProblem(string path, string option)
    {
        if (Directory.Exists(path))
        {
            return $"{option} {EventText.Quote(path)} is a folder; it must name a file.";
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        return folder is null ? null : Problem(folder, option);
    }
}
