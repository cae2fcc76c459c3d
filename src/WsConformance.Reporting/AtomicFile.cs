namespace WsConformance.Reporting;

/// <summary>Writes a file through a temporary sibling and a rename, so a reader never sees half a report.</summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
        {
            write(stream);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
