namespace WsConformance.Fuzzing.Engine;

/// <summary>
/// The inputs kept so far and which one to mutate next. As in AFL's queue culling, every edge has a "top" input:
/// the shortest one that hits it. A greedy cover of all edges by top inputs is the favoured set, and most picks
/// come from it: short inputs that together still reach every edge, so time goes to mutating them rather than
/// the long inputs that accumulate (an input that adds one edge is often much longer than needed). Lengths, not
/// times, decide, so a run stays deterministic for a seed.
/// </summary>
internal sealed class Corpus(int mapSize)
{
    /// <summary>Out of this many picks, all but one come from the favoured set (AFL skips most others too).</summary>
    private const int FavouredOdds = 16;

    private readonly List<byte[]> _inputs = [];
    private readonly List<int[]> _entries = [];
    private readonly int[] _top = CreateTop(mapSize);
    private readonly List<int> _edgesWithTop = [];
    private readonly bool[] _covered = new bool[mapSize];
    private readonly List<int> _favoured = [];
    private bool _stale;

    /// <summary>The inputs, in the order they were added.</summary>
    public IReadOnlyList<byte[]> Inputs => _inputs;

    public int Count => _inputs.Count;

    /// <summary>Adds <paramref name="input"/>, which hit the map entries <paramref name="entries"/>.</summary>
    public void Add(byte[] input, ReadOnlySpan<int> entries)
    {
        int index = _inputs.Count;
        _inputs.Add(input);
        _entries.Add(entries.ToArray());
        foreach (int entry in entries)
        {
            int top = _top[entry];
            if (top < 0)
            {
                _edgesWithTop.Add(entry);
            }

            if (top < 0 || input.Length < _inputs[top].Length)
            {
                _top[entry] = index;
                _stale = true;
            }
        }
    }

    /// <summary>The next input to mutate: mostly a favoured one; any input when <paramref name="favour"/> is false.</summary>
    public byte[] Pick(Random random, bool favour)
    {
        if (favour && _stale)
        {
            Cull();
        }

        bool fromFavoured = favour && _favoured.Count > 0 && random.Next(FavouredOdds) != 0;
        return fromFavoured ? _inputs[_favoured[random.Next(_favoured.Count)]] : _inputs[random.Next(_inputs.Count)];
    }

    /// <summary>Greedy cover: walk the edges in the order they were first seen, favour the top input of each edge not yet covered.</summary>
    private void Cull()
    {
        Array.Clear(_covered);
        _favoured.Clear();
        foreach (int edge in _edgesWithTop)
        {
            if (_covered[edge])
            {
                continue;
            }

            // The top input hits this edge, so it was not favoured yet (its edges would all be covered).
            int top = _top[edge];
            _favoured.Add(top);
            foreach (int entry in _entries[top])
            {
                _covered[entry] = true;
            }
        }

        _stale = false;
    }

    private static int[] CreateTop(int mapSize)
    {
        var top = new int[mapSize];
        Array.Fill(top, -1);
        return top;
    }
}
