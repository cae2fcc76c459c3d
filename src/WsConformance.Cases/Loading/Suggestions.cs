namespace WsConformance.Cases.Loading;

/// <summary>Turns an unknown name into a helpful message: the nearest known name, or the whole list.</summary>
internal static class Suggestions
{
    private const int MaxTypoDistance = 2;

    /// <summary>"unknown {what} 'x' in {where} (did you mean 'y'?)" or "unknown {what} 'x' in {where}; expected one of: a, b".</summary>
    public static string Unknown(string what, string name, IReadOnlyCollection<string> known, string? where = null)
    {
        var unknown = where is null ? $"unknown {what} '{name}'" : $"unknown {what} '{name}' in {where}";
        var nearest = Nearest(name, known);
        return nearest is not null ? $"{unknown} (did you mean '{nearest}'?)" : $"{unknown}; {ExpectedOneOf(known)}";
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

        // A guess that replaces the whole name ('c' for 'a') is no guess.
        var limit = Math.Min(MaxTypoDistance, Math.Max(1, name.Length / 3));
        return bestDistance <= limit && bestDistance < name.Length ? best : null;
    }

    /// <summary>Edit distance counting a swap of two neighbours as one edit ("titel" is one typo from "title").</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(d[i - 1, j - 1] + cost, Math.Min(d[i - 1, j], d[i, j - 1]) + 1);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
