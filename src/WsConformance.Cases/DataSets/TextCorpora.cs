using System.Globalization;
using System.Text;

namespace WsConformance.Cases.DataSets;

/// <summary>A JSON document of records (like Autobahn's data1.json, ~194 KB), sent as text.</summary>
internal static class JsonCorpus
{
    public const int Seed = 12_1;
    private const int TargetBytes = 194_000;

    public static byte[] Generate()
    {
        var random = new Random(Seed);
        var id = 0;
        var text = new StringBuilder("[\n");
        var body = CorpusWords.Fill(TargetBytes, part => part.Append(Record(random, id++)), "\n]\n");
        return [.. Encoding.UTF8.GetBytes(text.ToString()), .. body];
    }

    private static string Record(Random random, int id)
    {
        var w = CorpusWords.English;
        var tags = string.Join(", ", Enumerable.Range(0, random.Next(1, 5)).Select(_ => $"\"{w[random.Next(w.Length)]}\""));
        var separator = id == 0 ? "" : ",\n";
        return string.Create(CultureInfo.InvariantCulture,
            $"{separator}  {{\"id\": {id}, \"guid\": \"{random.Next():x8}-{random.Next(65536):x4}\", \"active\": {(random.Next(2) == 0 ? "true" : "false")}, "
            + $"\"balance\": {random.Next(100_000) / 100.0:F2}, \"name\": \"{w[random.Next(w.Length)]} {w[random.Next(w.Length)]}\", "
            + $"\"tags\": [{tags}], \"location\": {{\"lat\": {random.NextDouble() * 180 - 90:F6}, \"lon\": {random.NextDouble() * 360 - 180:F6}}}, "
            + $"\"about\": \"{CorpusWords.Sentence(random, w, 6, 18)}.\"}}");
    }
}

/// <summary>German verse drama text (like Autobahn's Faust I, ~222 KB), sent as binary.</summary>
internal static class ProseCorpus
{
    public const int Seed = 12_3;
    private const int TargetBytes = 222_000;
    private static readonly string[] Speakers = ["FAUST", "MEPHISTOPHELES", "WAGNER", "MARGARETE", "MARTHE", "CHOR"];

    public static byte[] Generate()
    {
        var random = new Random(Seed);
        return CorpusWords.Fill(TargetBytes, text =>
        {
            text.Append('\n').Append(Speakers[random.Next(Speakers.Length)]).Append(":\n");
            for (var line = random.Next(2, 7); line > 0; line--)
            {
                text.Append(CorpusWords.Sentence(random, CorpusWords.German, 4, 9)).Append(line == 1 ? ".\n" : ",\n");
            }
        });
    }
}

/// <summary>An HTML page with tables, lists and links (like Autobahn's data1.html, ~264 KB), sent as text.</summary>
internal static class HtmlCorpus
{
    public const int Seed = 12_4;
    private const int TargetBytes = 264_000;
    private const string Head = "<!DOCTYPE html>\n<html lang=\"de\">\n<head><meta charset=\"utf-8\"><title>Bericht</title>\n"
        + "<style>table{border-collapse:collapse}td{padding:2px 6px}.even{background:#eee}</style></head>\n<body>\n";

    public static byte[] Generate()
    {
        var random = new Random(Seed);
        var section = 0;
        var body = CorpusWords.Fill(TargetBytes - Head.Length, text => AppendSection(text, random, section++), "</body>\n</html>\n");
        return [.. Encoding.UTF8.GetBytes(Head), .. body];
    }

    private static void AppendSection(StringBuilder text, Random random, int section)
    {
        var w = random.Next(2) == 0 ? CorpusWords.German : CorpusWords.English;
        text.Append(CultureInfo.InvariantCulture, $"<h2 id=\"s{section}\">{CorpusWords.Sentence(random, w, 2, 5)}</h2>\n<p>")
            .Append(CorpusWords.Sentence(random, w, 20, 60)).Append(CultureInfo.InvariantCulture, $". <a href=\"/seite/{random.Next(1000)}.html\">mehr</a></p>\n");
        if (section % 3 == 0)
        {
            text.Append("<table>\n");
            for (var row = 0; row < random.Next(3, 8); row++)
            {
                text.Append(CultureInfo.InvariantCulture, $"<tr class=\"{(row % 2 == 0 ? "even" : "odd")}\"><td>{row}</td><td>{w[random.Next(w.Length)]}</td><td>{random.Next(100_000)}</td></tr>\n");
            }

            text.Append("</table>\n");
        }
        else
        {
            text.Append("<ul>\n");
            for (var item = 0; item < random.Next(2, 6); item++)
            {
                text.Append("  <li>").Append(CorpusWords.Sentence(random, w, 3, 8)).Append("</li>\n");
            }

            text.Append("</ul>\n");
        }
    }
}
