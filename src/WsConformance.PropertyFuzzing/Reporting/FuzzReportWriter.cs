using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using WsConformance.Cases.Model;
using WsConformance.Engine.Judging;
using WsConformance.Engine.Running;
using WsConformance.PropertyFuzzing.Conversations;
using WsConformance.PropertyFuzzing.Running;

namespace WsConformance.PropertyFuzzing.Reporting;

/// <summary>
/// Writes <c>fuzz-report.json</c> (format in this project's README.md): the run's figures, its seed, and every
/// finding with its minimal counterexample and the case file that replays it. Reports read it to show findings.
/// </summary>
public static class FuzzReportWriter
{
    public const string FileName = "fuzz-report.json";

    /// <summary>Version of the JSON layout; raised on incompatible changes.</summary>
    public const int FormatVersion = 2;

    /// <summary>Bytes of a frame shown on the wire, as the wire log keeps them.</summary>
    private const int WireBytesShown = 64;

    public static void Write(Stream stream, FuzzResult result, Target target, FuzzOptions options) => Write(stream, result, target, options, indented: true);

    /// <summary>
    /// Writes the report. The default encoder escapes &lt; &gt; &amp; ' " and every non-ASCII character, so the same JSON
    /// can sit inside fuzz-report.html's script element (<see cref="FuzzHtmlReportWriter"/>) whatever the server sent.
    /// </summary>
    internal static void Write(Stream stream, FuzzResult result, Target target, FuzzOptions options, bool indented)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.Default });
        json.WriteStartObject();
        json.WriteNumber("formatVersion", FormatVersion);
        json.WriteString("tool", "wsconf fuzz property");
        json.WriteStartObject("target");
        json.WriteString("uri", target.Uri.ToString());
        json.WriteString("agent", target.Agent);
        json.WriteString("transport", options.TransportTo(target.Uri));
        json.WriteEndObject();
        json.WriteNumber("seed", result.Seed);
        json.WriteNumber("runs", result.Runs);
        json.WriteNumber("skipped", result.Skipped);
        json.WriteNumber("flaky", result.Flaky);
        json.WriteBoolean("complete", result.Complete);
        json.WriteNumber("elapsedSeconds", Math.Round(result.Elapsed.TotalSeconds, 3));
        json.WriteNumber("shrinkSeconds", Math.Round(result.ShrinkElapsed.TotalSeconds, 3));
        json.WriteNumber("conversationsPerSecond", result.Elapsed.TotalSeconds > 0 ? Math.Round(result.Runs / result.Elapsed.TotalSeconds, 1) : 0);
        json.WriteStartObject("options");
        json.WriteNumber("maxFrames", options.MaxFrames);
        json.WriteNumber("concurrency", options.EngineOptions.Concurrency);
        json.WriteNumber("timeoutScale", options.EngineOptions.TimeoutScale);
        json.WriteEndObject();
        json.WriteStartObject("verdicts");
        foreach (var (verdict, count) in result.Verdicts.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            json.WriteNumber(verdict, count);
        }

        json.WriteEndObject();
        json.WriteStartArray("findings");
        foreach (var finding in result.Findings)
        {
            WriteFinding(json, finding, result.Seed, options.TransportFlag);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter json, Finding finding, int seed, string transportFlag)
    {
        var judgement = finding.Judgement;
        json.WriteStartObject();
        json.WriteString("caseId", finding.MinimalResult.Case.Id);
        json.WriteNumber("run", finding.Run);
        json.WriteString("deviation", finding.Deviation);
        json.WriteNumber("occurrences", finding.Occurrences);
        json.WriteStartObject("categories");
        foreach (var (category, count) in FindingText.OrderedCategories(finding))
        {
            json.WriteNumber(category, count);
        }

        json.WriteEndObject();
        json.WriteString("behavior", VerdictNames.Of(judgement.Behavior));
        json.WriteString("behaviorClose", VerdictNames.Of(judgement.BehaviorClose));
        json.WriteString("result", judgement.Result);
        json.WriteString("resultClose", judgement.ResultClose);
        json.WriteString("caseFile", finding.CaseFile);
        json.WriteString("replay", string.Create(CultureInfo.InvariantCulture,
            $"wsconf run --cases {Path.GetDirectoryName(finding.CaseFile) ?? "."}{transportFlag} (or: wsconf fuzz property --seed {seed} --runs {finding.Run}{transportFlag})"));
        json.WriteNumber("originalFrames", finding.Original.FrameCount);
        json.WriteNumber("minimalFrames", finding.Minimal.FrameCount);
        json.WriteNumber("shrinkSteps", finding.ShrinkSteps);
        json.WriteNumber("shrinkRuns", finding.ShrinkRuns);
        json.WriteStartArray("steps");
        foreach (var action in finding.Minimal.Actions)
        {
            json.WriteStringValue(action.Describe());
        }

        json.WriteEndArray();
        WriteFrames(json, finding.Minimal);
        json.WriteString("expected", string.Join("; ", finding.MinimalResult.Case.Expectation.Alternatives
            .Select(a => $"{VerdictNames.Of(a.Verdict)}: {EventText.Describe(a.Events)}")));
        json.WriteString("observed", EventText.Describe(finding.MinimalResult.Events));
        json.WriteEndObject();
    }

    /// <summary>The minimal conversation action by action: each frame's bytes as sent (the first 64) and its payload, readable.</summary>
    private static void WriteFrames(Utf8JsonWriter json, Conversation conversation)
    {
        json.WriteStartArray("frames");
        foreach (var action in conversation.Actions)
        {
            json.WriteStartObject();
            json.WriteString("action", action.Describe());
            switch (action)
            {
                case FrameAction frame:
                    var wire = ConversationFrames.Encode(frame);
                    json.WriteString("wire", Convert.ToHexStringLower(wire.AsSpan(0, Math.Min(wire.Length, WireBytesShown))));
                    json.WriteNumber("wireLength", wire.Length);
                    json.WriteString("payload", EventText.Payload(frame.Payload));
                    break;
                case CloseAction close:
                    // The harness masks its Close with a key of its own: the bytes sent are in the case's wire log.
                    json.WriteString("payload", EventText.Payload(close.Body));
                    break;
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
