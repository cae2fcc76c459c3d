using System.Text;

namespace WsConformance.Reporting.Tests;

/// <summary>The page frame every wsconf HTML page is written in: its guards against data that could end an element.</summary>
public sealed class HtmlPageTests
{
    private static readonly string Css = HtmlPage.Asset(HtmlPage.Stylesheet);

    [Fact]
    public void Page_holds_the_csp_the_encoded_title_each_data_element_and_one_script()
    {
        var html = Write("a <b> & \"c\"", [new HtmlPageData("first-data", "{\"x\":\"\\u003C/script\\u003E\"}"u8.ToArray()), new HtmlPageData("second", "[1]"u8.ToArray())], "let x = 1;");

        Assert.Contains($"<meta http-equiv=\"Content-Security-Policy\" content=\"{HtmlPage.ContentSecurityPolicy}\">", html);
        Assert.Contains("<title>a &lt;b&gt; &amp; &quot;c&quot;</title>", html);
        Assert.Contains("<script type=\"application/json\" id=\"first-data\">\n{\"x\":\"\\u003C/script\\u003E\"}\n</script>", html);
        Assert.Contains("<script type=\"application/json\" id=\"second\">\n[1]\n</script>", html);
        Assert.Contains("<script>\nlet x = 1;</script>", html);
        Assert.Equal(3, html.Split("</script>").Length - 1);
    }

    [Fact]
    public void Json_with_an_unescaped_angle_bracket_is_refused()
    {
        var data = new HtmlPageData("report-data", "{\"x\":\"</script><script>alert(1)</script>\"}"u8.ToArray());

        Assert.Throws<ArgumentException>(() => Write("t", [data], ""));
    }

    [Theory]
    [InlineData("")]
    [InlineData("x\" onload=\"")]
    [InlineData("Report")]
    public void Data_element_ids_are_lower_case_words(string id)
    {
        Assert.Throws<ArgumentException>(() => Write("t", [new HtmlPageData(id, "{}"u8.ToArray())], ""));
    }

    [Fact]
    public void A_script_that_would_close_its_own_element_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Write("t", [], "const s = '</SCRIPT>';"));
    }

    [Fact]
    public void Shared_scripts_define_the_dom_helpers_and_the_detail_view()
    {
        Assert.Contains("window.wsconfDom", HtmlPage.Asset(HtmlPage.DomScript), StringComparison.Ordinal);
        Assert.Contains("window.wsconfDetail", HtmlPage.Asset(HtmlPage.DetailScript), StringComparison.Ordinal);
        foreach (var markupSink in new[] { ".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write" })
        {
            Assert.DoesNotContain(markupSink, HtmlPage.Asset(HtmlPage.DomScript) + HtmlPage.Asset(HtmlPage.DetailScript) + HtmlPage.Asset("report.js"), StringComparison.Ordinal);
        }
    }

    private static string Write(string title, IReadOnlyList<HtmlPageData> data, string script)
    {
        using var stream = new MemoryStream();
        HtmlPage.Write(stream, title, "needs JavaScript", data, Css, script);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
