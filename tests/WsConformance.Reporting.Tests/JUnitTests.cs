using System.Xml.Linq;
using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Reporting.Tests.Support;

namespace WsConformance.Reporting.Tests;

public sealed class JUnitTests
{
    [Fact]
    public void Verdicts_map_to_failure_error_skipped_and_pass()
    {
        var document = Write(
            [
                Synthetic.Result(Synthetic.Case("1.1.1", "1", "1.1.1"), Verdict.Ok),
                Synthetic.Result(Synthetic.Case("1.1.2", "1", "1.1.2"), Verdict.Failed, "expected echo; got close 1002"),
                Synthetic.Result(Synthetic.Case("1.1.3", "1", "1.1.3"), Verdict.Error, "handshake timed out"),
                Synthetic.Result(Synthetic.Case("12.1.1", "12", "12.1.1"), Verdict.Unimplemented, "no permessage-deflate"),
                Synthetic.Result(Synthetic.Case("6.4.1", "6", "6.4.1"), Verdict.NonStrict),
            ],
            excluded: [Synthetic.Case("9.1.1", "9", "9.1.1")]);

        var cases = document.Descendants("testcase").ToDictionary(c => ((string)c.Attribute("name")!).Split(' ')[0]);
        Assert.Equal("expected echo; got close 1002", (string?)cases["1.1.2"].Element("failure")!.Attribute("message"));
        Assert.Equal("FAILED", (string?)cases["1.1.2"].Element("failure")!.Attribute("type"));
        Assert.Contains("Frames MUST be parsed", cases["1.1.2"].Element("failure")!.Value);
        Assert.NotNull(cases["1.1.3"].Element("error"));
        Assert.NotNull(cases["12.1.1"].Element("skipped"));
        Assert.Equal("excluded by --exclude, or HTTP/1.1-only under --http2", (string?)cases["9.1.1"].Element("skipped")!.Attribute("message"));
        Assert.Equal(["system-out"], cases["1.1.1"].Elements().Select(e => e.Name.LocalName));
        Assert.EndsWith("[non-strict]", (string)cases["6.4.1"].Attribute("name")!);
        Assert.All(document.Descendants("testcase"), c =>
        {
            Assert.False(string.IsNullOrEmpty((string?)c.Attribute("name")));
            Assert.False(string.IsNullOrEmpty((string?)c.Attribute("classname")));
        });
    }

    [Fact]
    public void One_suite_per_target_and_section_with_consistent_counts()
    {
        var second = new Target(new Uri("ws://127.0.0.1:9002/"), "other/2.0");
        var a = Synthetic.Case("1.1.1", "1", "1.1.1");
        var b = Synthetic.Case("2.1", "2", "2.1");
        var document = Write(
            [
                Synthetic.Result(a, Verdict.Failed), Synthetic.Result(a, Verdict.Ok, target: second),
                Synthetic.Result(b, Verdict.Ok), Synthetic.Result(b, Verdict.Error, target: second),
            ],
            targets: [Synthetic.Target, second]);

        var suites = document.Root!.Elements("testsuite").ToList();
        Assert.Equal(4, suites.Count);
        Assert.All(suites, s =>
        {
            Assert.Equal((int)s.Attribute("tests")!, s.Elements("testcase").Count());
            Assert.Equal((int)s.Attribute("failures")!, s.Descendants("failure").Count());
            Assert.Equal((int)s.Attribute("errors")!, s.Descendants("error").Count());
            Assert.Equal(["target", "agent", "server", "transport", "tool.version", "complete"], s.Element("properties")!.Elements("property").Select(p => (string)p.Attribute("name")!));
        });
        Assert.Equal(4, (int)document.Root!.Attribute("tests")!);
        Assert.Equal(1, (int)document.Root.Attribute("failures")!);
        Assert.Equal(1, (int)document.Root.Attribute("errors")!);
        Assert.Equal(2, document.Descendants("testcase").Select(c => (string)c.Attribute("classname")!).Distinct().Count(n => n.Contains(".1", StringComparison.Ordinal)));
    }

    [Fact]
    public void Control_characters_from_the_wire_are_hex_encoded()
    {
        var document = Write([Synthetic.Result(Synthetic.Case("7.1.1", "7", "7.1.1"), Verdict.Failed, "close reason \"\u0001\u001b\uffff\" <script>", closeReason: "\u0000bye")]);

        var failure = document.Descendants("failure").Single();
        Assert.Equal("close reason \"\\x01\\x1b\\uffff\" <script>", (string?)failure.Attribute("message"));
        Assert.Contains("\\x00bye", failure.Value);
    }

    [Fact]
    public void Incomplete_run_says_so()
    {
        var document = Write([Synthetic.Result(Synthetic.Case("1.1.1", "1", "1.1.1"), Verdict.Ok)], complete: false);

        Assert.Contains("incomplete", (string?)document.Root!.Attribute("name"));
        Assert.Equal("false", document.Descendants("property").Single(p => (string?)p.Attribute("name") == "complete").Attribute("value")!.Value);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("tab\tand\nline", "tab\tand\nline")]
    [InlineData("\u0001\u0008\u000b\u000c\u001f", "\\x01\\x08\\x0b\\x0c\\x1f")]
    [InlineData("emoji \ud83d\ude00 stays", "emoji \ud83d\ude00 stays")]
    [InlineData("\ufffe\uffff", "\\ufffe\\uffff")]
    public void Xml_text_keeps_legal_characters_and_escapes_the_rest(string input, string expected) =>
        Assert.Equal(expected, XmlText.Clean(input));

    [Fact]
    public void Xml_text_escapes_lone_surrogates()
    {
        // Built here, not in InlineData: xunit's test-case serialisation would replace the lone surrogate.
        var input = "lone " + (char)0xd83d + " then " + (char)0xde00;

        Assert.Equal("lone \\ud83d then \\ude00", XmlText.Clean(input));
    }

    private static XDocument Write(IReadOnlyList<CaseResult> results, IReadOnlyList<CaseDefinition>? excluded = null, IReadOnlyList<Target>? targets = null, bool complete = true)
    {
        var report = ReportBuilder.Build(Synthetic.Run(results, complete, targets), "1.2.3", excluded);
        using var stream = new MemoryStream();
        JUnitWriter.Write(stream, report);
        stream.Position = 0;
        return XDocument.Load(stream);
    }
}
