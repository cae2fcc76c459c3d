using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace WsConformance.Protocol.Tests;

/// <summary>
/// SharpFuzz leaves its map pointer null until a fuzzer attaches one, and the instrumented codec writes through it
/// in every basic block: the tests give it a private map before any codec code runs.
/// </summary>
internal static unsafe class CoverageMapSetup
{
    [ModuleInitializer]
    internal static void PointProbesAtPrivateMap() => SharpFuzz.Common.Trace.SharedMem = (byte*)NativeMemory.AllocZeroed(1 << 16);
}
