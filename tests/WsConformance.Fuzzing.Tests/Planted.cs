using WsConformance.Fuzzing.Targets;

namespace WsConformance.Fuzzing.Tests.Planted;

/// <summary>Targets with planted bugs, instrumented from this test assembly by the tests.</summary>
public static class PlantedTargets
{
    /// <summary>
    /// Throws only when the input starts with "WS!?" — one branch per byte, so coverage feedback rewards each
    /// correct byte while a blind search needs all four at once (about 1 in 2^32 per try).
    /// </summary>
    [FuzzTarget("planted-magic")]
    public static void Magic(ReadOnlySpan<byte> input)
    {
        if (input.Length >= 4 && input[0] == (byte)'W')
        {
            if (input[1] == (byte)'S')
            {
                if (input[2] == (byte)'!')
                {
                    if (input[3] == (byte)'?')
                    {
                        throw new InvalidOperationException("planted bug reached");
                    }
                }
            }
        }
    }

    /// <summary>Throws on any input containing 0xAB: many crashing inputs, one bug, a 1-byte minimum.</summary>
    [FuzzTarget("planted-byte")]
    public static void Byte(ReadOnlySpan<byte> input)
    {
        if (input.Contains((byte)0xAB))
        {
            throw new FormatException("0xAB is not allowed");
        }
    }

    /// <summary>Sleeps far past the time limit on input starting EE EE (a hang the engine must report).</summary>
    [FuzzTarget("planted-hang")]
    public static void Hang(ReadOnlySpan<byte> input)
    {
        if (input.Length >= 2 && input[0] == 0xEE && input[1] == 0xEE)
        {
            Thread.Sleep(1500);
        }
    }
}
