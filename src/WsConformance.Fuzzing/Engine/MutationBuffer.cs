namespace WsConformance.Fuzzing.Engine;

/// <summary>
/// The input being mutated: one array of the maximum length, edited in place. Edits past the maximum are cut
/// off, as AFL's havoc does.
/// </summary>
internal sealed class MutationBuffer(int maxLength)
{
    private readonly byte[] _bytes = new byte[maxLength];
    private int _length;

    public int Length => _length;

    /// <summary>The current contents (valid until the next edit that changes the length).</summary>
    public Span<byte> Bytes => _bytes.AsSpan(0, _length);

    /// <summary>The current contents as a segment of the buffer (valid until the next edit).</summary>
    public ArraySegment<byte> Segment => new(_bytes, 0, _length);

    /// <summary>Starts over from <paramref name="input"/> (cut to the maximum length).</summary>
    public void Load(ReadOnlySpan<byte> input)
    {
        int length = Math.Min(input.Length, maxLength);
        input[..length].CopyTo(_bytes);
        _length = length;
    }

    /// <summary>Inserts <paramref name="bytes"/> (which must not overlap this buffer) before index <paramref name="at"/>.</summary>
    public void Insert(int at, ReadOnlySpan<byte> bytes)
    {
        int take = Math.Min(bytes.Length, maxLength - _length);
        if (take <= 0)
        {
            return;
        }

        _bytes.AsSpan(at, _length - at).CopyTo(_bytes.AsSpan(at + take));
        bytes[..take].CopyTo(_bytes.AsSpan(at));
        _length += take;
    }

    public void Delete(int at, int count)
    {
        _bytes.AsSpan(at + count, _length - at - count).CopyTo(_bytes.AsSpan(at));
        _length -= count;
    }

    /// <summary>Replaces the contents with <paramref name="bytes"/> (cut to the maximum length).</summary>
    public void Replace(ReadOnlySpan<byte> bytes) => Load(bytes);
}
