using System.Text;
using System.Xml.Linq;
using WsConformance.Cases.Model;
using WsConformance.Reporting.Model;
using WsConformance.Reporting.Tests.Support;

namespace WsConformance.Reporting.Tests;

/// <summary>
/// The structured judgement in every report: report.json carries it, the Markdown summary and JUnit print it as
/// h2spec's Expected / Actual block, and wire text in it stays inert wherever it is shown.
/// </summary>
public sealed class JudgementBlockTests
{
    private static readonly Evidence EchoEvidence = new(
        new Requirement("RFC 6455", "5.2", RequirementLevel.Must, "Frames MUST be parsed as in 5.2."),
        [new ExpectedOutcome(Verdict.Ok, "text message of 5 bytes \"Hello\""), new ExpectedOutcome(Verdict.NonStrict, Evidence.NoEvents)],
        ["text message of 5 bytes \"Hellp\"", "pong \"\""]);

    [Fact]
    public void The_block_prints_reason_requirement_expected_actual_and_a_close_that_is_not_ok()
    {
        var judgement = ReportBuilder.Judgement(
            new Judgement(Verdict.Failed, CloseVerdict.WrongCode, "Actual events differ from any expected.", "The close code should have been 1000 or empty", false)
            {
                Evidence = EchoEvidence,
            });

        Assert.Equal(
            """
            Actual events differ from any expected.
              -> RFC 6455 §5.2, MUST: Frames MUST be parsed as in 5.2.
                Expected: OK: text message of 5 bytes "Hello"
                          NON-STRICT: (no events)
                  Actual: text message of 5 bytes "Hellp", pong ""
                   Close: WRONG CODE: The close code should have been 1000 or empty
            """,
            string.Join('\n', JudgementBlock.Lines(judgement)));
    }

    [Fact]
    public void Without_evidence_the_block_is_the_reason_and_an_ok_close_adds_nothing()
    {
        var judgement = ReportBuilder.Judgement(new Judgement(Verdict.Error, CloseVerdict.Ok, "The opening handshake did not complete.", "fine", false));

        Assert.Equal(["The opening handshake did not complete."], JudgementBlock.Lines(judgement));
    }

    [Fact]
    public void Report_json_carries_the_judgement_and_reads_it_back()
    {
        var report = Report(Synthetic.Result(Synthetic.Case("1.1.2", "1", "1.1.2"), Verdict.Failed, "differs", evidence: EchoEvidence));
        using var stream = new MemoryStream();
        ReportJsonWriter.Write(stream, report);

        Assert.Empty(ReportSchema.Validate(Encoding.UTF8.GetString(stream.ToArray())));
        stream.Position = 0;
        var judgement = ReportReader.Read(stream).Report!.Cases.Single().Judgement!;
        Assert.Equal(("FAILED", "differs", "OK"), (judgement.Behavior, judgement.Reason, judgement.Close.Verdict));
        Assert.Equal(new RequirementRecord("RFC 6455", "5.2", "MUST", "Frames MUST be parsed as in 5.2."), judgement.Evidence!.Requirement);
        Assert.Equal([new ExpectedOutcomeRecord("OK", "text message of 5 bytes \"Hello\""), new ExpectedOutcomeRecord("NON-STRICT", "(no events)")], judgement.Evidence.Expected);
        Assert.Equal(EchoEvidence.Actual, judgement.Evidence.Actual);
    }

    [Fact]
    public void A_report_written_before_judgements_had_a_structure_falls_back_to_its_reasons()
    {
        var old = Report(Synthetic.Result(Synthetic.Case("1.1.2", "1", "1.1.2"), Verdict.Failed, "differs")).Cases.Single() with { Judgement = null };

        Assert.Equal(new JudgementRecord("FAILED", "differs", null, new CloseJudgementRecord("OK", "Connection was properly closed")), JudgementBlock.Of(old));
    }

    [Fact]
    public void The_markdown_fence_outgrows_any_backticks_from_the_wire_and_control_characters_show_as_escapes()
    {
        var hostile = EchoEvidence with { Actual = ["text message of 9 bytes \"```\n</x>\""], Expected = [] };
        var report = Report(Synthetic.Result(Synthetic.Case("1.1.2", "1", "1.1.2"), Verdict.Failed, "differs", evidence: hostile));

        var markdown = MarkdownSummaryWriter.Build(report);

        Assert.Contains(
            "````text\ndiffers\n  -> RFC 6455 §5.2, MUST: Frames MUST be parsed as in 5.2.\n    Expected: (no events)\n"
            + "      Actual: text message of 9 bytes \"```\\u000a</x>\"\n````\n",
            markdown);
    }

    [Fact]
    public void Junit_gives_the_reason_as_message_and_the_block_as_body()
    {
        var report = Report(Synthetic.Result(Synthetic.Case("1.1.2", "1", "1.1.2"), Verdict.Failed, "differs", evidence: EchoEvidence));
        var path = Path.GetTempFileName();
        try
        {
            JUnitWriter.Write(path, report);
            var failure = XDocument.Load(path).Descendants("failure").Single();

            Assert.Equal("differs", (string?)failure.Attribute("message"));
            Assert.StartsWith("behavior FAILED: differs\n  -> RFC 6455 §5.2, MUST: Frames MUST be parsed as in 5.2.\n    Expected: OK: text message of 5 bytes \"Hello\"\n", failure.Value, StringComparison.Ordinal);
            Assert.Contains("      Actual: text message of 5 bytes \"Hellp\", pong \"\"\nbehaviorClose OK: Connection was properly closed\n", failure.Value, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static ReportDocument Report(Engine.Running.CaseResult result) => ReportBuilder.Build(Synthetic.Run([result]), "1.2.3");
}
