using WsConformance.Protocol.Compression;

namespace WsConformance.Fuzzing.Targets;

/// <summary>Fuzz target for the permessage-deflate decompressor (RFC 7692) in WsConformance.Protocol.</summary>
/// <remarks>
/// The inflating itself is the machine's zlib (native, so not instrumented): coverage comes from our wrapper —
/// feeding, the appended tail, stream ends inside a message, context takeover, the size guard. The oracles are ours.
/// </remarks>
public static class DeflateTargets
{
    /// <summary>The size limit of the reference run: more than any input of the default 4 KiB can expand to but a bomb.</summary>
    private const long ReferenceLimit = 1 << 24;

    /// <summary>Chunk sizes selected by bits 4–6 of the first byte; the last one feeds each message at once.</summary>
    private static readonly int[] ChunkSizes = [1, 2, 3, 5, 8, 13, 64, int.MaxValue];

    /// <summary>
    /// MessageInflater on one or two compressed messages. The first input byte sets the limit of the third feeding
    /// (bits 0–2: n + 1 times the input's length, plus one), no_context_takeover (bit 3), the chunk size of the second
    /// feeding (bits 4–6) and whether the rest is two messages (bit 7); if so, the second byte is the length of the
    /// first message (at most the rest). Oracles: nothing throws; feeding in chunks gives the same
    /// statuses, lengths and bytes as feeding each message at once; and with a small limit, a message is stopped
    /// as too large exactly when its inflated length exceeds the limit, the ones before it unchanged.
    /// </summary>
    [FuzzTarget("inflate", Description = "MessageInflater (permessage-deflate); whole vs. chunked feeding and the size limit must agree", Instrument = "WsConformance.Protocol")]
    public static void Inflate(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        var settings = new InflateSettings((input[0] & 0x08) != 0, ChunkSizes[(input[0] >> 4) & 0x07]);
        bool twoMessages = (input[0] & 0x80) != 0 && input.Length >= 2;
        ReadOnlySpan<byte> data = input[(twoMessages ? 2 : 1)..];
        int cut = twoMessages ? Math.Min((int)input[1], data.Length) : data.Length;
        MessageDigest[] whole = InflateDigest.Run(data, cut, settings with { ChunkSize = int.MaxValue }, ReferenceLimit);
        MessageDigest[] chunked = settings.ChunkSize == int.MaxValue ? whole : InflateDigest.Run(data, cut, settings, ReferenceLimit);
        if (!whole.AsSpan().SequenceEqual(chunked))
        {
            throw new FuzzFindingException($"{settings}: inflating each message at once gave {Show(whole)} but in chunks gave {Show(chunked)}.");
        }

        long limit = 1 + ((long)data.Length * (1 + (input[0] & 0x07)));
        MessageDigest[] limited = InflateDigest.Run(data, cut, settings, limit);
        MessageDigest[] expected = InflateDigest.Limit(whole, limit);
        if (!limited.AsSpan().SequenceEqual(expected))
        {
            throw new FuzzFindingException($"{settings}, limit {limit}: expected {Show(expected)} but got {Show(limited)}.");
        }
    }

    private static string Show(MessageDigest[] messages) => "[" + string.Join(", ", messages) + "]";
}

/// <summary>How a fuzz input is inflated: whether its sender takes context over between messages, and how it is fed.</summary>
internal readonly record struct InflateSettings(bool NoContextTakeover, int ChunkSize);

/// <summary>What one message inflated to: its status, inflated length and CRC-32C (length -1 when it was stopped as too large).</summary>
internal readonly record struct MessageDigest(InflateStatus Status, long Length, uint Crc);

/// <summary>Inflates fuzz inputs as messages and reduces each to a <see cref="MessageDigest"/>.</summary>
internal static class InflateDigest
{
    /// <summary>
    /// Inflates <paramref name="data"/> as the messages <c>[0, cut)</c> and <c>[cut, end)</c> (one message when
    /// <paramref name="cut"/> is the length) with one inflater, as a receiver would; stops after a failed message.
    /// </summary>
    public static MessageDigest[] Run(ReadOnlySpan<byte> data, int cut, InflateSettings settings, long limit)
    {
        using var inflater = new MessageInflater(settings.NoContextTakeover);
        var digests = new List<MessageDigest>(2);
        (int Start, int End)[] messages = cut == data.Length ? [(0, cut)] : [(0, cut), (cut, data.Length)];
        foreach ((int start, int end) in messages)
        {
            MessageDigest digest = One(inflater, data[start..end], settings.ChunkSize, limit);
            digests.Add(digest);
            if (digest.Status != InflateStatus.Ok)
            {
                break;
            }
        }

        return [.. digests];
    }

    /// <summary>What a run with a limit must give, from the run without one.</summary>
    public static MessageDigest[] Limit(MessageDigest[] unlimited, long limit)
    {
        var expected = new List<MessageDigest>(unlimited.Length);
        foreach (MessageDigest message in unlimited)
        {
            if (message.Length > limit)
            {
                // Where exactly it stopped depends on zlib's output chunks; that it stopped and how is the contract.
                expected.Add(new MessageDigest(InflateStatus.TooLarge, -1, 0));
                break;
            }

            expected.Add(message);
        }

        return [.. expected];
    }

    private static MessageDigest One(MessageInflater inflater, ReadOnlySpan<byte> message, int chunkSize, long limit)
    {
        (uint crc, long length) = (0, 0);
        InflatedDataHandler sink = inflated => (crc, length) = (Checksum.Crc32C(crc, inflated), length + inflated.Length);
        InflateStatus status = InflateStatus.Ok;
        for (int offset = 0; offset < message.Length && status == InflateStatus.Ok; offset += chunkSize)
        {
            status = inflater.Inflate(message.Slice(offset, Math.Min(chunkSize, message.Length - offset)), limit, sink);
        }

        if (status == InflateStatus.Ok)
        {
            status = inflater.EndMessage(limit, sink);
        }

        // Corrupt data: what came out before the bad bytes counts (for the limit), its content is not compared.
        return status switch
        {
            InflateStatus.Ok => new MessageDigest(status, length, crc),
            InflateStatus.TooLarge => new MessageDigest(status, -1, 0),
            _ => new MessageDigest(status, length, 0),
        };
    }
}
