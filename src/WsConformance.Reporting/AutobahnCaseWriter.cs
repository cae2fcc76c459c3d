using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.Protocol;

namespace WsConformance.Reporting;

/// <summary>
/// Autobahn's per-case report (<c>&lt;agent&gt;_case_&lt;id&gt;.json</c>) with its 39 keys, sorted, 3-space
/// indent, so tools that open Autobahn's case files read ours. Where we have no equivalent (compression
/// statistics) the field holds Autobahn's own "not applicable" value.
/// </summary>
public static partial class AutobahnCaseWriter
{
    /// <summary>Autobahn shows at most this many payload bytes in <c>expected</c> and <c>received</c>.</summary>
    public const int MaxPayloadShown = 1024;

    internal static readonly JsonWriterOptions Options = new() { Indented = true, IndentSize = 3, Encoder = JavaScriptEncoder.Default };

    /// <summary>Writes the file of one result of an Autobahn case into <paramref name="directory"/>.</summary>
    public static void Write(string directory, CaseResult result)
    {
        var id = result.Case.AutobahnId ?? throw new ArgumentException("Only Autobahn cases have Autobahn case files.", nameof(result));
        AtomicFile.Write(Path.Combine(directory, AutobahnNames.CaseFile(result.Target.Agent, id)), stream =>
        {
            using var json = new Utf8JsonWriter(stream, Options);
            Write(json, result, id);
        });
    }

    // Keys in ordinal order, as Autobahn's json.dumps(sort_keys=True) writes them.
    private static void Write(Utf8JsonWriter json, CaseResult result, string id)
    {
        var close = result.Close;
        var definition = result.Case;
        json.WriteStartObject();
        json.WriteString("agent", result.Target.Agent);
        json.WriteString("behavior", VerdictNames.Of(result.Behavior));
        json.WriteString("behaviorClose", VerdictNames.Of(result.BehaviorClose));
        WriteNumberOrNull(json, "case", AutobahnNumbering.CaseNumber(id));
        json.WriteBoolean("closedByMe", close?.ClosedByMe ?? false);
        json.WriteBoolean("createStats", true);
        json.WriteBoolean("createWirelog", !definition.BulkTraffic);
        json.WriteString("description", $"{definition.Title} ({definition.Requirement.Rfc} §{definition.Requirement.RfcSection}: {definition.Requirement.Text})");
        json.WriteBoolean("droppedByMe", close?.DroppedByMe ?? false);
        json.WriteNumber("duration", (long)result.Duration.TotalMilliseconds);
        json.WriteString("expectation", Expectation(definition.Expectation));
        WriteExpected(json, definition.Expectation);
        WriteExpectedClose(json, definition.Expectation.Close);
        json.WriteBoolean("failedByMe", close?.FailedByMe ?? false);
        json.WriteString("httpRequest", result.HandshakeRequest);
        json.WriteString("httpResponse", result.HandshakeResponse ?? "?");
        json.WriteString("id", id);
        json.WriteBoolean("isServer", result.HarnessRole == WsConformance.Protocol.Role.Server);
        WriteNumberOrNull(json, "localCloseCode", close?.LocalCloseCode);
        json.WriteString("localCloseReason", close?.LocalCloseReason);
        WriteReceived(json, result.Events);
        WriteNumberOrNull(json, "remoteCloseCode", close?.RemoteCloseCode);
        json.WriteString("remoteCloseReason", close?.RemoteCloseReason);
        json.WriteBoolean("reportCompressionRatio", false);
        json.WriteBoolean("reportTime", false);
        json.WriteString("result", result.Judgement.Result);
        json.WriteString("resultClose", result.Judgement.ResultClose);
        WriteCounts(json, "rxFrameStats", result.Statistics.ReceivedFrames);
        WriteCounts(json, "rxOctetStats", result.Statistics.ReceivedOctets);
        json.WriteString("started", result.Started.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        json.WriteNull("trafficStats");
        WriteCounts(json, "txFrameStats", result.Statistics.SentFrames);
        WriteCounts(json, "txOctetStats", result.Statistics.SentOctets);
        json.WriteBoolean("wasClean", close?.WasClean ?? false);
        json.WriteBoolean("wasCloseHandshakeTimeout", close?.WasCloseHandshakeTimeout ?? false);
        json.WriteString("wasNotCleanReason", close is null ? "the opening handshake was never completed" : close.WasNotCleanReason);
        // Autobahn sets this when the opening handshake timed out; we know only that it never completed.
        json.WriteBoolean("wasOpenHandshakeTimeout", false);
        json.WriteBoolean("wasServerConnectionDropTimeout", close?.WasServerConnectionDropTimeout ?? false);
        WriteWireLog(json, result);
        json.WriteEndObject();
    }

    private static string Expectation(Expectation expectation) =>
        string.Join("; ", expectation.Alternatives.Select(a => $"{VerdictNames.Of(a.Verdict)}: {Engine.Judging.EventText.Describe(a.Events)}"))
        + $"; close: {(expectation.Close.ClosedBy == Closer.Harness ? "the harness closes" : "the endpoint under test fails the connection")}"
        + (expectation.Close.Codes.Count == 0 ? "" : $" with code {string.Join(" or ", expectation.Close.Codes)}");

    private static void WriteExpectedClose(Utf8JsonWriter json, CloseExpectation close)
    {
        json.WriteStartObject("expectedClose");
        json.WriteStartArray("closeCode");
        foreach (var code in close.Codes)
        {
            json.WriteNumberValue(code);
        }

        json.WriteEndArray();
        json.WriteBoolean("closedByMe", close.ClosedBy == Closer.Harness);
        json.WriteBoolean("closedByWrongEndpointIsFatal", close.WrongCloserFails);
        json.WriteBoolean("requireClean", close.RequireClean);
        json.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter json, string name, SortedDictionary<int, int> counts)
    {
        json.WriteStartObject(name);
        foreach (var (key, count) in counts.OrderBy(c => c.Key.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal))
        {
            json.WriteNumber(key.ToString(CultureInfo.InvariantCulture), count);
        }

        json.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, int? value)
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

    /// <summary>Payload as Autobahn shows it: the text when it is valid UTF-8, else 0x-hex; cut to <see cref="MaxPayloadShown"/> bytes.</summary>
    internal static string PayloadText(ReadOnlySpan<byte> payload)
    {
        var shown = payload[..Math.Min(payload.Length, MaxPayloadShown)];
        return Utf8StreamValidator.IsValid(shown) ? Encoding.UTF8.GetString(shown) : "0x" + Convert.ToHexStringLower(shown);
    }
}
