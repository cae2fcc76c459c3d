namespace WsConformance.Cases.Loading;

/// <summary>Turns an unknown name into a helpful message: the nearest known name, or the whole list.</summary>
internal static class Suggestions
{
    private const int MaxTypoDistance = 2;

    /// <summary>"unknown {what} 'x' (did you mean 'y'?)" or "unknown {what} 'x'; expected one of: a, b".</summary>
    public static string Unknown(string what, string name, IReadOnlyCollection<string> known)
    {
        var nearest = Nearest(name, known);
        return nearest is not null
            ? $"unknown {what} '{name}' (did you mean '{nearest}'?)"
            : $"unknown {what} '{name}'; {ExpectedOneOf(known)}";
    }

    public static string ExpectedOneOf(IEnumerable<string> known) => $"expected one of: {string.Join(", ", known)}";

    private static string? Nearest(string name, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        var limit = Math.Min(MaxTypoDistance, Math.Max(1, name.Length / 3));
        return bestDistance <= limit ? best : null;
    }

    /// <summary>Levenshtein distance, two rows.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
