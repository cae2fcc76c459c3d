using System.Text.Json;
using System.Text.Json.Nodes;
using WsConformance.Cases.Model;
using WsConformance.Reporting.Model;
using WsConformance.Reporting.Tests.Support;

namespace WsConformance.Reporting.Tests;

public sealed class ReportJsonTests(EchoRun echo) : IClassFixture<EchoRun>
{
    private static readonly string SchemaPath = Path.Combine(AppContext.BaseDirectory, "schema", "report.schema.json");

    [Fact]
    public void Report_of_a_real_run_matches_the_schema()
    {
        using var directory = new TempDirectory();
        var path = directory.File(ReportJsonWriter.FileName);
        ReportJsonWriter.Write(path, ReportBuilder.Build(echo.Run, "1.2.3"));

        var errors = Validate(File.ReadAllText(path));

        Assert.Empty(errors);
    }

    [Fact]
    public void Report_with_every_optional_shape_matches_the_schema()
    {
        var results = new[]
        {
            Synthetic.Result(Synthetic.Case("1.1.1", "1", "1.1.1"), Cases.Model.Verdict.Failed, closeReason: "bye \u0001"),
            Synthetic.Result(Synthetic.Case("9.1.1", "9", "9.1.1", bulk: true), Cases.Model.Verdict.Error, wireRows: 0) with { Close = null, HandshakeResponse = null },
            FlakySlow(),
        };
        var run = Synthetic.Run(results, complete: false) with { Error = "Target ws://127.0.0.1:1/ went away during the run." };
        var report = ReportBuilder.Build(run, "1.2.3", [Synthetic.Case("2.1", "2", "2.1")]);
        using var stream = new MemoryStream();
        ReportJsonWriter.Write(stream, report);

        Assert.Empty(Validate(System.Text.Encoding.UTF8.GetString(stream.ToArray())));
    }

    /// <summary>One change to a valid report that the schema must reject, and where it must say the fault is.</summary>
    public static TheoryData<string, string> Violations => new()
    {
        { "required key missing", "" },
        { "undeclared key", "/cases/0/passed" },
        { "verdict not in the enum", "/cases/0/behavior" },
        { "start time not a date-time", "/started" },
        { "wrong type", "/complete" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void Report_that_breaks_the_schema_is_rejected_where_it_breaks(string violation, string location)
    {
        using var written = Serialize(ReportBuilder.Build(echo.Run, "1.2.3"));
        var report = JsonNode.Parse(written.RootElement.GetRawText())!.AsObject();
        var firstCase = report["cases"]![0]!.AsObject();
        switch (violation)
        {
            case "required key missing": report.Remove("summary"); break;
            case "undeclared key": firstCase["passed"] = true; break;
            case "verdict not in the enum": firstCase["behavior"] = "PASSED"; break;
            case "start time not a date-time": report["started"] = "yesterday"; break;
            case "wrong type": report["complete"] = "yes"; break;
        }

        var errors = Validate(report.ToJsonString());

        Assert.Contains(errors, e => e.StartsWith(location + ":", StringComparison.Ordinal));
    }

    /// <summary>A SLOW result confirmed alone after a concurrent run said FAILED.</summary>
    private static Engine.Running.CaseResult FlakySlow()
    {
        var slow = Synthetic.Result(Synthetic.Case("9.7.1", "9", "9.7.1", bulk: true), Cases.Model.Verdict.Slow);
        return slow with { ConcurrentJudgement = slow.Judgement with { Behavior = Cases.Model.Verdict.Failed, Reason = "under load" } };
    }

    [Fact]
    public void Schema_declares_every_key_the_writer_emits_and_requires_them()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));
        var caseSchema = schema.RootElement.GetProperty("$defs").GetProperty("case");
        var required = caseSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).Order().ToList();
        var declared = caseSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order().ToList();

        using var report = Serialize(ReportBuilder.Build(echo.Run, "1.2.3"));
        var written = report.RootElement.GetProperty("cases")[0].EnumerateObject().Select(p => p.Name).Order().ToList();

        Assert.Equal(declared, required);
        Assert.Equal(declared, written);
    }

    [Fact]
    public void Report_round_trips_through_the_reader()
    {
        var report = ReportBuilder.Build(echo.Run, "1.2.3", [Synthetic.Case("2.1", "2", "2.1")]);
        using var first = new MemoryStream();
        ReportJsonWriter.Write(first, report);

        var read = ReportReader.Read(new MemoryStream(first.ToArray()));
        using var second = new MemoryStream();
        ReportJsonWriter.Write(second, read.Report!);

        Assert.Null(read.Error);
        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Fact]
    public void Report_holds_every_field_the_issue_lists()
    {
        var report = ReportBuilder.Build(echo.Run, "1.2.3");
        var echoCase = report.Cases.Single(c => c.Id == "1.1.2");

        Assert.Equal(EchoRun.Selection.Length, report.Cases.Count);
        Assert.True(report.Complete);
        Assert.Equal("Kestrel", report.Targets.Single().Server);
        Assert.Equal(2, echoCase.AutobahnCase);
        Assert.Equal("6.2", echoCase.Requirement.Section);
        Assert.Equal("OK", echoCase.Behavior);
        Assert.StartsWith("GET / HTTP/1.1", echoCase.Handshake.Request);
        Assert.StartsWith("HTTP/1.1 101", echoCase.Handshake.Response);
        Assert.Equal(1000, echoCase.Close!.RemoteCloseCode);
        Assert.Equal("harness", echoCase.Close.ClosedBy);
        Assert.Contains(echoCase.WireLog, r => r.Kind == "tx-frame" && r.Length == 125 && r.Truncated == 125 - 64 && r.Hex!.Length == 128);
        Assert.True(echoCase.Statistics.ReceivedFrames[1] >= 1);
        Assert.NotEmpty(echoCase.Events);
        Assert.Null(report.Cases.Single(c => c.Id == "masking.1").AutobahnCase);
        Assert.Equal(report.Cases.Count, report.Summary.Behavior.Values.Sum());
    }

    [Fact]
    public void Interrupted_run_is_marked_incomplete()
    {
        var partial = echo.Run with { Complete = false, Results = echo.Run.Results.Take(3).ToList() };
        using var stream = new MemoryStream();
        ReportJsonWriter.Write(stream, ReportBuilder.Build(partial, "1.2.3"));

        var read = ReportReader.Read(new MemoryStream(stream.ToArray())).Report!;

        Assert.False(read.Complete);
        Assert.Equal(3, read.Cases.Count);
    }

    [Theory]
    [InlineData("{\"schemaVersion\": 99, \"cases\": [], \"targets\": []}", "schema version 99")]
    [InlineData("[1, 2]", "not a wsconf report")]
    [InlineData("{\"schemaVersion\": 1}", "cases or targets missing")]
    public void Reader_explains_files_it_cannot_read(string json, string expected)
    {
        var read = ReportReader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));

        Assert.Null(read.Report);
        Assert.Contains(expected, read.Error);
    }

    private static List<string> Validate(string json) => ReportSchema.Validate(json);

    private static JsonDocument Serialize(ReportDocument report)
    {
        using var stream = new MemoryStream();
        ReportJsonWriter.Write(stream, report);
        return JsonDocument.Parse(stream.ToArray());
    }
}
