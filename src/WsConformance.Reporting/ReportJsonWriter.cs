using System.Text.Encodings.Web;
using System.Text.Json;
using WsConformance.Cases.Model;
using WsConformance.Engine.Judging;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Running;

namespace WsConformance.Reporting;

/// <summary>
/// <c>report.json</c>: our own, versioned record of a run with everything a person or a script needs to
/// understand each verdict. Strings from the wire are JSON-escaped (and &lt; &gt; &amp; as \u escapes), so the
/// file is safe to embed in HTML as is.
/// </summary>
public static partial class ReportJsonWriter
{
    public const string FileName = "report.json";
    public const int SchemaVersion = 1;

    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.Default };

    public static void Write(string path, RunResult run, string toolVersion) =>
        AtomicFile.Write(path, stream => Write(stream, run, toolVersion));

    public static void Write(Stream stream, RunResult run, string toolVersion)
    {
        using var json = new Utf8JsonWriter(stream, Options);
        json.WriteStartObject();
        json.WriteNumber("schemaVersion", SchemaVersion);
        json.WriteStartObject("tool");
        json.WriteString("name", "wsconf");
        json.WriteString("version", toolVersion);
        json.WriteEndObject();
        json.WriteString("started", run.Started);
        json.WriteString("ended", run.Ended);
        json.WriteBoolean("complete", run.Complete);
        WriteTargets(json, run);
        WriteSummary(json, run.Results);
        json.WriteStartArray("cases");
        foreach (var result in run.Results)
        {
            WriteCase(json, result);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteTargets(Utf8JsonWriter json, RunResult run)
    {
        json.WriteStartArray("targets");
        foreach (var target in run.Targets)
        {
            json.WriteStartObject();
            json.WriteString("url", target.Uri.ToString());
            json.WriteString("agent", target.Agent);
            json.WriteString("server", run.Results.FirstOrDefault(r => r.Target == target && r.ServerHeader is not null)?.ServerHeader);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteSummary(Utf8JsonWriter json, IReadOnlyList<CaseResult> results)
    {
        json.WriteStartObject("summary");
        json.WriteNumber("cases", results.Count);
        foreach (var verdict in Enum.GetValues<Verdict>())
        {
            json.WriteNumber(VerdictNames.Of(verdict), results.Count(r => r.Behavior == verdict));
        }

        json.WriteNumber("slow", results.Count(r => r.Judgement.Slow));
        json.WriteEndObject();
    }

    private static void WriteCase(Utf8JsonWriter json, CaseResult result)
    {
        var definition = result.Case;
        json.WriteStartObject();
        json.WriteString("id", definition.Id);
        json.WriteString("autobahnId", definition.AutobahnId);
        json.WriteString("section", definition.Section);
        json.WriteString("title", definition.Title);
        json.WriteString("agent", result.Target.Agent);
        json.WriteStartObject("requirement");
        json.WriteString("rfc", definition.Requirement.Rfc);
        json.WriteString("section", definition.Requirement.RfcSection);
        json.WriteString("level", definition.Requirement.Level.ToString().ToUpperInvariant());
        json.WriteString("text", definition.Requirement.Text);
        json.WriteEndObject();
        json.WriteString("behavior", VerdictNames.Of(result.Behavior));
        json.WriteString("behaviorClose", VerdictNames.Of(result.BehaviorClose));
        json.WriteString("reason", result.Judgement.Result);
        json.WriteString("reasonClose", result.Judgement.ResultClose);
        json.WriteBoolean("slow", result.Judgement.Slow);
        json.WriteString("started", result.Started);
        json.WriteNumber("durationMs", Math.Round(result.Duration.TotalMilliseconds, 3));
        WriteClose(json, result);
        json.WriteStartObject("handshake");
        json.WriteString("request", result.HandshakeRequest);
        json.WriteString("response", result.HandshakeResponse);
        json.WriteEndObject();
        WriteEvents(json, result.Events);
        WriteStatistics(json, result.Statistics);
        WriteWireLog(json, result);
        json.WriteEndObject();
    }

    private static void WriteClose(Utf8JsonWriter json, CaseResult result)
    {
        if (result.Close is not { } close)
        {
            json.WriteNull("close");
            return;
        }

        json.WriteStartObject("close");
        json.WriteString("closedBy", close.ClosedByMe ? "harness" : "server");
        json.WriteBoolean("closedByMe", close.ClosedByMe);
        json.WriteBoolean("failedByMe", close.FailedByMe);
        json.WriteBoolean("droppedByMe", close.DroppedByMe);
        json.WriteBoolean("wasClean", close.WasClean);
        json.WriteString("wasNotCleanReason", close.WasNotCleanReason);
        json.WriteBoolean("wasCloseHandshakeTimeout", close.WasCloseHandshakeTimeout);
        json.WriteBoolean("wasServerConnectionDropTimeout", close.WasServerConnectionDropTimeout);
        WriteNullableNumber(json, "localCloseCode", close.LocalCloseCode);
        json.WriteString("localCloseReason", close.LocalCloseReason);
        WriteNullableNumber(json, "remoteCloseCode", close.RemoteCloseCode);
        json.WriteString("remoteCloseReason", close.RemoteCloseReason);
        json.WriteNumber("framesAfterServerClose", close.FramesAfterServerClose);
        json.WriteEndObject();
    }

    private static void WriteEvents(Utf8JsonWriter json, IReadOnlyList<ObservedEvent> events)
    {
        json.WriteStartArray("events");
        foreach (var observed in events)
        {
            json.WriteStartObject();
            json.WriteNumber("atMs", Math.Round(observed.At.TotalMilliseconds, 3));
            json.WriteString("description", EventText.Describe(observed));
            json.WriteBoolean("afterServerClose", observed.AfterServerClose);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteNullableNumber(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
