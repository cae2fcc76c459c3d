using System.Text;

namespace WsConformance.Cases.DataSets;

/// <summary>Words and helpers the text corpora share: mostly ASCII, with enough non-ASCII to make characters differ from bytes.</summary>
internal static class CorpusWords
{
    public static readonly string[] German =
    [
        "und", "die", "der", "ich", "nicht", "das", "ein", "zu", "ist", "mir", "mich", "sich", "mit", "so", "wie", "auf", "dem",
        "Geist", "Welt", "Herz", "Natur", "Himmel", "Erde", "Nacht", "Licht", "Seele", "Leben", "Tag", "Stunde", "Freund",
        "schön", "müde", "Glück", "Träume", "Blüte", "Größe", "Mädchen", "fühlen", "hören", "über", "Fräulein", "süß",
        "heiß", "weiß", "Gespräch", "Bücher", "Wälder", "Flüsse", "rühren", "König", "Tür", "wählen", "Ärger", "Öl",
    ];

    public static readonly string[] English =
    [
        "alpha", "beta", "gamma", "delta", "network", "message", "frame", "server", "client", "window", "buffer", "stream",
        "value", "record", "account", "balance", "status", "active", "pending", "archive", "report", "module", "service",
        "café", "naïve", "résumé", "façade", "Zürich", "São Paulo", "Kraków", "Ærøskøbing", "東京", "Ελλάδα", "Москва", "😀",
    ];

    public static string Sentence(Random random, string[] words, int min, int max)
    {
        var text = new StringBuilder();
        var count = random.Next(min, max + 1);
        for (var i = 0; i < count; i++)
        {
            var word = words[random.Next(words.Length)];
            text.Append(i == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
            text.Append(i == count - 1 ? "" : " ");
        }

        return text.ToString();
    }

    /// <summary>Appends pieces until the UTF-8 size reaches <paramref name="target"/>, then <paramref name="closing"/>; returns the UTF-8 bytes.</summary>
    public static byte[] Fill(int target, Action<StringBuilder> appendOne, string? closing = null)
    {
        var text = new StringBuilder();
        var piece = new StringBuilder();
        var bytes = Encoding.UTF8.GetByteCount(closing ?? "");
        while (bytes < target)
        {
            piece.Clear();
            appendOne(piece);
            bytes += Encoding.UTF8.GetByteCount(piece.ToString());
            text.Append(piece);
        }

        return Encoding.UTF8.GetBytes(text.Append(closing).ToString());
    }
}
