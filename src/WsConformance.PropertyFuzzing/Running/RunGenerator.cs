using FsCheck;
using FsCheck.Fluent;
using WsConformance.PropertyFuzzing.Conversations;
using WsConformance.PropertyFuzzing.Generation;

namespace WsConformance.PropertyFuzzing.Running;

/// <summary>
/// The conversation of run <c>n</c> of seed <c>s</c>, independent of every other run: FsCheck's generator with a
/// random source derived from (s, n), so a finding is replayed by its seed and run number alone.
/// </summary>
public sealed class RunGenerator(int seed, int maxFrames)
{
    /// <summary>FsCheck's size parameter for every run (it only scales its default generators, which we do not use).</summary>
    public const int Size = 50;

    /// <summary>SplitMix64's increment: odd, as FsCheck requires of a gamma.</summary>
    private const ulong Gamma = 0x9E37_79B9_7F4A_7C15;

    private readonly Gen<Conversation> _conversations = ConversationGenerator.Conversations(maxFrames);

    public int Seed => seed;

    /// <remarks>FsCheck's Sample takes (numberOfSamples, seed, size): one sample, not fifty of which one is kept.</remarks>
    public Conversation For(int run) => _conversations.Sample(numberOfSamples: 1, RandomSource(run), Size)[0];

    /// <summary>FsCheck's random source for a run: (seed, run) mixed by SplitMix64.</summary>
    public Rnd RandomSource(int run) => new(Mix(((ulong)(uint)seed << 32) | (uint)run), Gamma);

    private static ulong Mix(ulong value)
    {
        var z = value + Gamma;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
        return z ^ (z >> 31);
    }
}
