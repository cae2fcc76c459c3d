namespace WsConformance.Fuzzing.Targets;

/// <summary>64-bit FNV-1a over 64-bit values: the digests' hash, cheap and order-sensitive.</summary>
internal static class Fnv1a
{
    /// <summary>The offset basis: the hash of nothing.</summary>
    public const ulong Basis = 14695981039346656037;

    private const ulong Prime = 1099511628211;

    /// <summary>The hash continued over <paramref name="value"/>.</summary>
    public static ulong Mix(ulong hash, ulong value) => (hash ^ value) * Prime;
}
