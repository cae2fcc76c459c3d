using WsConformance.Fuzzing.Engine;

namespace WsConformance.Fuzzing.Tests;

public sealed class CorpusTests
{
    private const int Seed = 0xC0;
    private const int Picks = 3200;

    [Fact]
    public void Picks_favour_the_shortest_inputs_that_together_hit_every_edge()
    {
        var corpus = new Corpus(mapSize: 64);
        byte[] longest = new byte[10], shortest = new byte[2], middle = new byte[5];
        corpus.Add(longest, [1, 2, 3]);
        corpus.Add(shortest, [1, 2]);
        corpus.Add(middle, [3, 4]);

        // Edges 1 and 2 are topped by the shortest input, 3 and 4 by the middle one: the longest is not favoured.
        int[] favoured = Count(corpus, favour: true);
        int[] uniform = Count(corpus, favour: false);

        Assert.InRange(favoured[0], 1, Picks / 16);
        Assert.InRange(favoured[1], Picks / 3, Picks);
        Assert.InRange(favoured[2], Picks / 3, Picks);
        Assert.All(uniform, count => Assert.InRange(count, Picks / 4, Picks / 2));
    }

    [Fact]
    public void A_shorter_input_takes_over_the_edges_it_hits()
    {
        var corpus = new Corpus(mapSize: 64);
        byte[] first = new byte[8], shorter = new byte[3];
        corpus.Add(first, [5, 6]);
        Assert.Equal([Picks], Count(corpus, favour: true));

        corpus.Add(shorter, [5, 6, 7]);

        Assert.InRange(Count(corpus, favour: true)[0], 1, Picks / 16);
        Assert.Equal([first, shorter], corpus.Inputs);
    }

    /// <summary>How often each input (by position) is picked.</summary>
    private static int[] Count(Corpus corpus, bool favour)
    {
        var random = new Random(Seed);
        var counts = new int[corpus.Count];
        for (int pick = 0; pick < Picks; pick++)
        {
            byte[] picked = corpus.Pick(random, favour);
            counts[corpus.Inputs.Select((input, index) => (input, index)).First(entry => ReferenceEquals(entry.input, picked)).index]++;
        }

        return counts;
    }
}
