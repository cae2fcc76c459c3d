using System.Buffers.Binary;

namespace WsConformance.Fuzzing.Engine;

/// <summary>
/// AFL-style havoc: a stack of 1-8 random mutations (bit and byte flips, arithmetic, interesting values, insert,
/// delete, copy, splice, dictionary tokens, and frame-aware edits for frame targets). Deterministic for a seed.
/// </summary>
/// <remarks>
/// It runs once per execution, so it edits one reusable buffer in place and allocates nothing: the result is a
/// segment of that buffer, valid until the next <see cref="Mutate"/>.
/// </remarks>
internal sealed class Mutator(Random random, IReadOnlyList<byte[]> dictionary, int maxLength, bool frames)
{
    private const int ArithmeticMax = 35;
    private const int MaxRandomInsert = 16;
    private const int MaxCopy = 32;
    private static readonly byte[] InterestingBytes = [0, 1, 0x7D, 0x7E, 0x7F, 0x80, 0x81, 0x88, 0xFF];
    private static readonly ushort[] InterestingShorts = [0, 1, 125, 126, 127, 1000, 1005, 0x7FFF, 0x8000, 0xFFFF];
    private static readonly uint[] InterestingInts = [0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 65535, 65536];

    private readonly FrameMutator _frameMutator = new(random, dictionary);
    private readonly MutationBuffer _buffer = new(maxLength);
    private readonly byte[] _piece = new byte[Math.Max(MaxRandomInsert, MaxCopy)];

    /// <summary>
    /// A mutated copy of <paramref name="input"/> (<paramref name="other"/> is a splice partner), valid until the
    /// next call; the inputs are not changed.
    /// </summary>
    public ArraySegment<byte> Mutate(byte[] input, byte[] other)
    {
        _buffer.Load(input);
        int count = 1 << random.Next(4);
        for (int step = 0; step < count; step++)
        {
            MutateOnce(other);
        }

        return _buffer.Segment;
    }

    private void MutateOnce(byte[] other)
    {
        MutationBuffer buffer = _buffer;
        int choice = random.Next(frames ? 14 : 12);
        if (buffer.Length == 0 && choice < 6)
        {
            choice = 6;
        }

        switch (choice)
        {
            case 0:
                buffer.Bytes[random.Next(buffer.Length)] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                buffer.Bytes[random.Next(buffer.Length)] = (byte)random.Next(256);
                break;
            case 2:
                buffer.Bytes[random.Next(buffer.Length)] ^= 0xFF;
                break;
            case 3:
                buffer.Bytes[random.Next(buffer.Length)] += (byte)(random.Next(2 * ArithmeticMax + 1) - ArithmeticMax);
                break;
            case 4:
                Arithmetic16(buffer.Bytes);
                break;
            case 5:
                Interesting(buffer.Bytes);
                break;
            case 6:
                buffer.Insert(random.Next(buffer.Length + 1), RandomBytes(1 + random.Next(MaxRandomInsert)));
                break;
            case 7:
                Delete(buffer);
                break;
            case 8:
                CopyWithin(buffer);
                break;
            case 9:
                Splice(buffer, other);
                break;
            case 10 or 11 when dictionary.Count > 0:
                Token(buffer, overwrite: choice == 11);
                break;
            case 10 or 11:
                _piece[0] = (byte)random.Next(256);
                buffer.Insert(random.Next(buffer.Length + 1), _piece.AsSpan(0, 1));
                break;
            default:
                buffer.Replace(_frameMutator.Mutate(buffer.Bytes));
                break;
        }
    }

    private void Arithmetic16(Span<byte> bytes)
    {
        if (bytes.Length < 2)
        {
            return;
        }

        Span<byte> at = bytes.Slice(random.Next(bytes.Length - 1), 2);
        short delta = (short)(random.Next(2 * ArithmeticMax + 1) - ArithmeticMax);
        ushort value = random.Next(2) == 0 ? BinaryPrimitives.ReadUInt16BigEndian(at) : BinaryPrimitives.ReadUInt16LittleEndian(at);
        BinaryPrimitives.WriteUInt16BigEndian(at, (ushort)(value + delta));
    }

    private void Interesting(Span<byte> span)
    {
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

    private void Delete(MutationBuffer buffer)
    {
        if (buffer.Length > 1)
        {
            int count = 1 + random.Next(Math.Min(buffer.Length - 1, 16));
            buffer.Delete(random.Next(buffer.Length - count + 1), count);
        }
    }

    private void CopyWithin(MutationBuffer buffer)
    {
        if (buffer.Length > 1)
        {
            // Through a scratch copy: the insertion shifts the very bytes being copied.
            int count = 1 + random.Next(Math.Min(buffer.Length - 1, MaxCopy));
            Span<byte> piece = _piece.AsSpan(0, count);
            buffer.Bytes.Slice(random.Next(buffer.Length - count + 1), count).CopyTo(piece);
            buffer.Insert(random.Next(buffer.Length + 1), piece);
        }
    }

    private void Splice(MutationBuffer buffer, byte[] other)
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

    private void Token(MutationBuffer buffer, bool overwrite)
    {
        byte[] token = dictionary[random.Next(dictionary.Count)];
        int at = random.Next(buffer.Length + 1);
        if (overwrite)
        {
            buffer.Delete(at, Math.Min(token.Length, buffer.Length - at));
        }

        buffer.Insert(at, token);
    }

    private Span<byte> RandomBytes(int count)
    {
        Span<byte> bytes = _piece.AsSpan(0, count);
        if (random.Next(2) == 0)
        {
            random.NextBytes(bytes);
        }
        else
        {
            bytes.Fill((byte)random.Next(256));
        }

        return bytes;
    }
}
