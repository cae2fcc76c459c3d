using System.Buffers.Binary;

namespace WsConformance.Fuzzing.Engine;

/// <summary>
/// AFL-style havoc: a stack of 1-8 random mutations (bit and byte flips, arithmetic, interesting values, insert,
/// delete, copy, splice, dictionary tokens, and frame-aware edits for frame targets). Deterministic for a seed.
/// </summary>
internal sealed class Mutator(Random random, IReadOnlyList<byte[]> dictionary, int maxLength, bool frames)
{
    private const int ArithmeticMax = 35;
    private static readonly byte[] InterestingBytes = [0, 1, 0x7D, 0x7E, 0x7F, 0x80, 0x81, 0x88, 0xFF];
    private static readonly ushort[] InterestingShorts = [0, 1, 125, 126, 127, 1000, 1005, 0x7FFF, 0x8000, 0xFFFF];
    private static readonly uint[] InterestingInts = [0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 65535, 65536];

    private readonly FrameMutator _frameMutator = new(random, dictionary);

    /// <summary>A mutated copy of <paramref name="input"/>; <paramref name="other"/> is a splice partner.</summary>
    public byte[] Mutate(byte[] input, byte[] other)
    {
        var buffer = new MutationBuffer(input, maxLength);
        int count = 1 << random.Next(4);
        for (int step = 0; step < count; step++)
        {
            MutateOnce(ref buffer, other);
        }

        return buffer.ToArray();
    }

    private void MutateOnce(ref MutationBuffer buffer, byte[] other)
    {
        int choice = random.Next(frames ? 14 : 12);
        if (buffer.Length == 0 && choice < 6)
        {
            choice = 6;
        }

        switch (choice)
        {
            case 0:
                buffer[random.Next(buffer.Length)] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                buffer[random.Next(buffer.Length)] = (byte)random.Next(256);
                break;
            case 2:
                buffer[random.Next(buffer.Length)] ^= 0xFF;
                break;
            case 3:
                buffer[random.Next(buffer.Length)] += (byte)(random.Next(2 * ArithmeticMax + 1) - ArithmeticMax);
                break;
            case 4:
                Arithmetic16(ref buffer);
                break;
            case 5:
                Interesting(ref buffer);
                break;
            case 6:
                buffer.Insert(random.Next(buffer.Length + 1), RandomBytes(1 + random.Next(16)));
                break;
            case 7:
                Delete(ref buffer);
                break;
            case 8:
                CopyWithin(ref buffer);
                break;
            case 9:
                Splice(ref buffer, other);
                break;
            case 10 or 11 when dictionary.Count > 0:
                Token(ref buffer, overwrite: choice == 11);
                break;
            case 10 or 11:
                buffer.Insert(random.Next(buffer.Length + 1), [(byte)random.Next(256)]);
                break;
            default:
                buffer.Replace(_frameMutator.Mutate(buffer.AsSpan()));
                break;
        }
    }

    private void Arithmetic16(ref MutationBuffer buffer)
    {
        if (buffer.Length < 2)
        {
            return;
        }

        Span<byte> at = buffer.AsSpan().Slice(random.Next(buffer.Length - 1), 2);
        short delta = (short)(random.Next(2 * ArithmeticMax + 1) - ArithmeticMax);
        ushort value = random.Next(2) == 0 ? BinaryPrimitives.ReadUInt16BigEndian(at) : BinaryPrimitives.ReadUInt16LittleEndian(at);
        BinaryPrimitives.WriteUInt16BigEndian(at, (ushort)(value + delta));
    }

    private void Interesting(ref MutationBuffer buffer)
    {
        Span<byte> span = buffer.AsSpan();
        int width = random.Next(3);
        if (width == 2 && span.Length >= 4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span.Slice(random.Next(span.Length - 3), 4), InterestingInts[random.Next(InterestingInts.Length)]);
        }
        else if (width == 1 && span.Length >= 2)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span.Slice(random.Next(span.Length - 1), 2), InterestingShorts[random.Next(InterestingShorts.Length)]);
        }
        else
        {
            span[random.Next(span.Length)] = InterestingBytes[random.Next(InterestingBytes.Length)];
        }
    }

    private void Delete(ref MutationBuffer buffer)
    {
        if (buffer.Length > 1)
        {
            int count = 1 + random.Next(Math.Min(buffer.Length - 1, 16));
            buffer.Delete(random.Next(buffer.Length - count + 1), count);
        }
    }

    private void CopyWithin(ref MutationBuffer buffer)
    {
        if (buffer.Length > 1)
        {
            int count = 1 + random.Next(Math.Min(buffer.Length - 1, 32));
            byte[] piece = buffer.AsSpan().Slice(random.Next(buffer.Length - count + 1), count).ToArray();
            buffer.Insert(random.Next(buffer.Length + 1), piece);
        }
    }

    private void Splice(ref MutationBuffer buffer, byte[] other)
    {
        if (other.Length == 0)
        {
            return;
        }

        int cut = random.Next(buffer.Length + 1);
        int from = random.Next(other.Length);
        buffer.Delete(cut, buffer.Length - cut);
        buffer.Insert(cut, other.AsSpan(from));
    }

    private void Token(ref MutationBuffer buffer, bool overwrite)
    {
        byte[] token = dictionary[random.Next(dictionary.Count)];
        int at = random.Next(buffer.Length + 1);
        if (overwrite)
        {
            buffer.Delete(at, Math.Min(token.Length, buffer.Length - at));
        }

        buffer.Insert(at, token);
    }

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        if (random.Next(2) == 0)
        {
            random.NextBytes(bytes);
        }
        else
        {
            bytes.AsSpan().Fill((byte)random.Next(256));
        }

        return bytes;
    }
}

/// <summary>A growable byte buffer capped at a maximum length (edits past the cap are cut off).</summary>
internal struct MutationBuffer(byte[] initial, int maxLength)
{
    private byte[] _bytes = initial.Length <= maxLength ? (byte[])initial.Clone() : initial[..maxLength];

    public readonly int Length => _bytes.Length;

    public readonly ref byte this[int index] => ref _bytes[index];

    public readonly Span<byte> AsSpan() => _bytes;

    public void Insert(int at, ReadOnlySpan<byte> bytes)
    {
        int take = Math.Min(bytes.Length, maxLength - _bytes.Length);
        if (take <= 0)
        {
            return;
        }

        var grown = new byte[_bytes.Length + take];
        _bytes.AsSpan(0, at).CopyTo(grown);
        bytes[..take].CopyTo(grown.AsSpan(at));
        _bytes.AsSpan(at).CopyTo(grown.AsSpan(at + take));
        _bytes = grown;
    }

    public void Delete(int at, int count) => _bytes = [.. _bytes.AsSpan(0, at), .. _bytes.AsSpan(at + count)];

    public void Replace(byte[] bytes) => _bytes = bytes.Length <= maxLength ? bytes : bytes[..maxLength];

    public readonly byte[] ToArray() => _bytes;
}
