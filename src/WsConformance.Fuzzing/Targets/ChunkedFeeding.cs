using System.Buffers;

namespace WsConformance.Fuzzing.Targets;

/// <summary>Takes the bytes a decoder was fed and consumes what it can, as a network reader's decode loop does.</summary>
internal interface IChunkConsumer
{
    /// <summary>Decodes from the start of <paramref name="pending"/>; returns how many bytes were consumed.</summary>
    int Consume(Span<byte> pending);
}

/// <summary>Feeds an input to a decoder in chunks, keeping unconsumed bytes in front of the next chunk.</summary>
internal static class ChunkedFeeding
{
    /// <summary>
    /// Feeds <paramref name="input"/> in chunks of <paramref name="chunkSize"/> bytes to <paramref name="consumer"/>
    /// (a struct, so the loop is specialised and allocates nothing); returns the bytes left unconsumed at the end.
    /// </summary>
    public static int Feed<TConsumer>(ReadOnlySpan<byte> input, int chunkSize, ref TConsumer consumer)
        where TConsumer : struct, IChunkConsumer
    {
        // Decoders may work in place (the WebSocket decoder unmasks), so they get a copy; a pooled one, since this
        // runs once per execution.
        byte[] pending = ArrayPool<byte>.Shared.Rent(input.Length);
        try
        {
            int pendingLength = 0;
            for (int offset = 0; offset < input.Length; offset += chunkSize)
            {
                ReadOnlySpan<byte> chunk = input.Slice(offset, Math.Min(chunkSize, input.Length - offset));
                chunk.CopyTo(pending.AsSpan(pendingLength));
                pendingLength += chunk.Length;
                int used = consumer.Consume(pending.AsSpan(0, pendingLength));
                pending.AsSpan(used, pendingLength - used).CopyTo(pending);
                pendingLength -= used;
            }

            return pendingLength;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pending);
        }
    }
}
