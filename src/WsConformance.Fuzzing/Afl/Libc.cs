using System.Runtime.InteropServices;

namespace WsConformance.Fuzzing.Afl;

/// <summary>The few libc calls the AFL++ driver needs (SysV shared memory, raw pipe I/O).</summary>
internal static unsafe partial class Libc
{
    private const string Library = "libc";

    [LibraryImport(Library, EntryPoint = "shmat", SetLastError = true)]
    public static partial nint SharedMemoryAttach(int id, nint address, int flags);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport(Library, EntryPoint = "lseek", SetLastError = true)]
    public static partial long Seek(int fd, long offset, int whence);
}
