namespace WsConformance.Protocol.Http2.Hpack;

/// <summary>
/// The dynamic table of RFC 7541 §2.3.2 and §4: newest entry first (index 1 here, 62 in the combined space),
/// evicting the oldest entries whenever an addition or a smaller maximum size needs room.
/// </summary>
/// <remarks>A ring buffer, so adding and evicting cost the same whatever the table holds.</remarks>
public sealed class HpackDynamicTable
{
    private const int InitialCapacity = 16;

    private HeaderField[] _ring = new HeaderField[InitialCapacity];
    private int _oldest;

    /// <summary>An empty table of at most <paramref name="maxSize"/> octets (§4.1 sizes).</summary>
    public HpackDynamicTable(int maxSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSize);
        MaxSize = maxSize;
    }

    /// <summary>Number of entries.</summary>
    public int Count { get; private set; }

    /// <summary>Sum of the entries' sizes (§4.1).</summary>
    public long Size { get; private set; }

    /// <summary>The current maximum size, as set by the last dynamic table size update (§4.2).</summary>
    public int MaxSize { get; private set; }

    /// <summary>The entry at <paramref name="index"/>: 1 is the newest, <see cref="Count"/> the oldest.</summary>
    public HeaderField this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(index, Count);
            return _ring[(_oldest + Count - index) % _ring.Length];
        }
    }

    /// <summary>A copy of the entries, newest first (index 1 first), e.g. for a report of what a peer indexed.</summary>
    public HeaderField[] Entries()
    {
        var entries = new HeaderField[Count];
        for (int index = 0; index < Count; index++)
        {
            entries[index] = this[index + 1];
        }

        return entries;
    }

    /// <summary>
    /// Adds <paramref name="field"/> as the newest entry after evicting what it needs; a field larger than
    /// <see cref="MaxSize"/> empties the table and is not added (§4.4).
    /// </summary>
    public void Add(HeaderField field)
    {
        EvictUntil(MaxSize - field.Size);
        if (field.Size > MaxSize)
        {
            return;
        }

        if (Count == _ring.Length)
        {
            Grow();
        }

        _ring[(_oldest + Count) % _ring.Length] = field;
        Count++;
        Size += field.Size;
    }

    /// <summary>Sets the maximum size and evicts the oldest entries until the table fits (§4.3).</summary>
    public void SetMaxSize(int maxSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSize);
        MaxSize = maxSize;
        EvictUntil(maxSize);
    }

    /// <summary>The lowest index (1-based) whose name and value match, or 0.</summary>
    public int IndexOf(HeaderField field) => Find(entry => entry == field);

    /// <summary>The lowest index (1-based) whose name matches, or 0.</summary>
    public int IndexOfName(string name) => Find(entry => string.Equals(entry.Name, name, StringComparison.Ordinal));

    private int Find(Func<HeaderField, bool> match)
    {
        for (int index = 1; index <= Count; index++)
        {
            if (match(this[index]))
            {
                return index;
            }
        }

        return 0;
    }

    private void EvictUntil(long size)
    {
        while (Count > 0 && Size > size)
        {
            Size -= _ring[_oldest].Size;
            _ring[_oldest] = default;
            _oldest = (_oldest + 1) % _ring.Length;
            Count--;
        }
    }

    private void Grow()
    {
        var larger = new HeaderField[_ring.Length * 2];
        for (int index = 0; index < Count; index++)
        {
            larger[index] = _ring[(_oldest + index) % _ring.Length];
        }

        _ring = larger;
        _oldest = 0;
    }
}
