using System.Buffers.Binary;
using System.Numerics;

namespace WsConformance.Fuzzing.Targets;

/// <summary>CRC-32C of byte streams, the same however the stream is cut into pieces.</summary>
internal static class Checksum
{
    /// <summary>Continues <paramref name="crc"/> over <paramref name="bytes"/> (hardware CRC-32C, 8 bytes at a time).</summary>
    public static uint Crc32C(uint crc, ReadOnlySpan<byte> bytes)
    {
        int index = 0;
        for (; index + sizeof(ulong) <= bytes.Length; index += sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(bytes[index..]));
        }

        for (; index < bytes.Length; index++)
        {
            crc = BitOperations.Crc32C(crc, bytes[index]);
        }

        return crc;
    }
}
