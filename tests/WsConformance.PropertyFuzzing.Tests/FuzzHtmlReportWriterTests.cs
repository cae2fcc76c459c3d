using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WsConformance.Engine.Running;
using WsConformance.PropertyFuzzing.Reporting;
using WsConformance.PropertyFuzzing.Running;
using WsConformance.PropertyFuzzing.Tests.Support;
using WsConformance.Reporting;
using WsConformance.Reporting.Tests.Support;

namespace WsConformance.PropertyFuzzing.Tests;

/// <summary>fuzz-report.html as written: self-contained, its data fuzz-report.json's, and no wire string able to end an element.</summary>
public sealed partial class FuzzHtmlReportWriterTests(HostileFuzzRun hostile) : IClassFixture<HostileFuzzRun>
{
    [Fact]
    public void Hostile_findings_stay_inside_their_escaped_json()
    {
        Assert.NotEmpty(hostile.Result.Findings);
        var html = Page(hostile.Result, hostile.Target, hostile.Options);

        Assert.Contains($"<meta http-equiv=\"Content-Security-Policy\" content=\"{HtmlPage.ContentSecurityPolicy}\">", html);
        Assert.Equal(3, ScriptOpen().Count(html));
        Assert.Equal(3, Regex.Count(html, "</script>", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("<script>window", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\\u003C/script\\u003E\\u003Cscript\\u003Ewindow.__pwned=3", html, StringComparison.Ordinal); // the close reason, escaped
    }

    [Fact]
    public void Embedded_data_is_fuzz_report_json_and_one_minimal_result_per_finding()
    {
        var html = Page(hostile.Result, hostile.Target, hostile.Options);
        using var file = new MemoryStream();
        FuzzReportWriter.Write(file, hostile.Result, hostile.Target, hostile.Options);

        var embedded = JsonNode.Parse(Data(html, "fuzz-data"))!;
        var cases = JsonNode.Parse(Data(html, "report-data"))!["report"]!["cases"]!.AsArray();

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(file.ToArray()), embedded));
        Assert.Equal(hostile.Result.Findings.Select(f => f.MinimalResult.Case.Id), cases.Select(c => (string)c!["id"]!));
        var finding = embedded["findings"]![0]!;
        Assert.Equal(hostile.Result.Findings[0].CaseFile, (string?)finding["caseFile"]);
        Assert.Equal(hostile.Result.Findings[0].Minimal.Actions.Count, finding["frames"]!.AsArray().Count);
        Assert.Contains(HostileServer.CloseReason, (string)cases[0]!["close"]!["remoteCloseReason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_without_findings_is_a_page_too()
    {
        var result = new FuzzResult(7, 12, 1, new Dictionary<string, int> { ["OK"] = 10, ["NON-STRICT"] = 2 }, 0, [], TimeSpan.FromSeconds(1.5), TimeSpan.Zero, Complete: false);
        var html = Page(result, new Target(new Uri("ws://127.0.0.1:1/"), "echo"), FuzzHarness.Options(12, 7));

        var embedded = JsonNode.Parse(Data(html, "fuzz-data"))!;

        Assert.Equal(12, (int)embedded["runs"]!);
        Assert.Empty(embedded["findings"]!.AsArray());
        Assert.False((bool)embedded["complete"]!);
        Assert.Empty(JsonNode.Parse(Data(html, "report-data"))!["report"]!["cases"]!.AsArray());
    }

    [Fact]
    public void Writing_to_a_path_leaves_only_the_page()
    {
        using var directory = new TempDirectory();
        var path = directory.File(FuzzHtmlReportWriter.FileName);

        FuzzHtmlReportWriter.Write(path, hostile.Result, hostile.Target, hostile.Options);

        Assert.Equal([path], Directory.GetFiles(directory.Path));
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(path), StringComparison.Ordinal);
    }

    private static string Page(FuzzResult result, Target target, FuzzOptions options)
    {
        using var stream = new MemoryStream();
        FuzzHtmlReportWriter.Write(stream, result, target, options);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Data(string html, string id)
    {
        var start = html.IndexOf($"<script type=\"application/json\" id=\"{id}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {id} element");
        var body = html.IndexOf('>', start) + 1;
        return html[body..html.IndexOf("</script>", body, StringComparison.Ordinal)];
    }

    [GeneratedRegex("<script", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOpen();
}
