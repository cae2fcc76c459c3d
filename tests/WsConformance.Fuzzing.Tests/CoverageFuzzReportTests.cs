using WsConformance.Fuzzing.Engine;
using WsConformance.Fuzzing.Reporting;

namespace WsConformance.Fuzzing.Tests;

public sealed class CoverageFuzzReportTests
{
    private const string Hostile = "</script><script>alert(1)</script><img src=x onerror=alert(2)>";

    [Fact]
    public void The_page_embeds_the_timeline_and_findings_as_escaped_data_under_a_csp_that_forbids_every_load()
    {
        string folder = Directory.CreateTempSubdirectory("wsconf-fuzz-report-").FullName;
        try
        {
            string page = Path.Combine(folder, CoverageFuzzReport.FileName);
            var timeline = new List<FuzzProgress>
            {
                new(1000, TimeSpan.FromSeconds(1), 100, 10, 0),
                new(3000, TimeSpan.FromSeconds(2), 120, 12, 1),
            };
            var finding = new Finding(FindingKind.Crash, "abc123", [0x3C, 0x2F, 0x73], "System.Exception: " + Hostile, Path.Combine(folder, Hostile));
            var report = new FuzzReport(timeline[^1], [finding], []);

            CoverageFuzzReport.Write(page, "target" + Hostile, 7, timeline, report);

            string html = File.ReadAllText(page);
            Assert.Contains("Content-Security-Policy\" content=\"default-src 'none';", html);
            Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("alert(1)</script>", html);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<script type=\"application/json\""));
            Assert.Contains("\\u003Cimg src=x onerror=alert(2)\\u003E", html);
            Assert.Contains("wsconf fuzz repro target\\u003C/script", html);
            Assert.Contains("\"edges\":120", html);
            Assert.DoesNotMatch(@"innerHTML\s*=|outerHTML|insertAdjacentHTML|document\.write", html);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
