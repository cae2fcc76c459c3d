using WsConformance.Cases.Model;

namespace WsConformance.Cases.DataSets;

/// <summary>
/// The five corpora the compression cases cut their messages from, of the kinds and about the sizes of
/// Autobahn|Testsuite's files (which are not ours to ship): generated in code from fixed seeds, so every
/// machine and every run sends the same bytes and the repository stays small. cases/data/README.md describes them.
/// </summary>
public static class GeneratedDataSets
{
    /// <summary>The names a case file may use: <c>slices: { data: NAME, size: N }</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["json", "prose", "html", "image", "pdf"];

    private static readonly Dictionary<string, Lazy<DataSet>> Sets = new(StringComparer.Ordinal)
    {
        ["json"] = new(() => new DataSet("json", JsonCorpus.Generate(), isText: true)),
        ["prose"] = new(() => new DataSet("prose", ProseCorpus.Generate(), isText: false)),
        ["html"] = new(() => new DataSet("html", HtmlCorpus.Generate(), isText: true)),
        ["image"] = new(() => new DataSet("image", ImageCorpus.Generate(), isText: false)),
        ["pdf"] = new(() => new DataSet("pdf", PdfCorpus.Generate(), isText: false)),
    };

    /// <summary>The data set called <paramref name="name"/>, generated on first use; null for an unknown name.</summary>
    public static DataSet? Get(string name) => Sets.TryGetValue(name, out var set) ? set.Value : null;
}
