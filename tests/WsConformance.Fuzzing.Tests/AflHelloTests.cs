using WsConformance.Fuzzing.Afl;

namespace WsConformance.Fuzzing.Tests;

/// <summary>The driver's first word to afl-fuzz, decoded the way AFL++ 4.x decodes it (include/config.h, FS_OPT_*).</summary>
public sealed class AflHelloTests
{
    [Theory]
    [InlineData(16384, true)]
    [InlineData(65536, false)]
    [InlineData(256, true)]
    public void The_hello_names_the_map_size_and_whether_test_cases_come_through_shared_memory(int mapSize, bool sharedMemory)
    {
        uint hello = AflDriver.Hello(mapSize, sharedMemory);

        Assert.Equal(0x80000001u, hello & 0x80000001u); // FS_OPT_ENABLED
        Assert.Equal(0x40000000u, hello & 0x40000000u); // FS_OPT_MAPSIZE
        Assert.Equal(mapSize, (int)(((hello & 0x00fffffe) >> 1) + 1)); // FS_OPT_GET_MAPSIZE
        Assert.Equal(sharedMemory, (hello & 0x01000000) != 0); // FS_OPT_SHDMEM_FUZZ
    }
}
