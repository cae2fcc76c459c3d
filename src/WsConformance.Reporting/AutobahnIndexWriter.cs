using System.Text.Json;
using WsConformance.Cases.Model;
using WsConformance.Engine.Running;

namespace WsConformance.Reporting;

/// <summary>
/// <c>autobahn/index.json</c> in Autobahn's exact shape — <c>{agent: {caseId: {behavior, behaviorClose, duration,
/// remoteCloseCode, reportfile}}}</c>, keys sorted, 3-space indent — so scripts written for Autobahn (ASP.NET
/// Core's result parser, tungstenite's golden-file diff, jq checks) read it unchanged. Only cases that reproduce
/// an Autobahn case appear, under the Autobahn id, each with its per-case file (<see cref="AutobahnCaseWriter"/>).
/// </summary>
public static class AutobahnIndexWriter
{
    public const string FileName = "index.json";

    /// <summary>Writes <c>index.json</c> and one per-case file per agent × Autobahn case.</summary>
    public static void Write(string directory, RunResult run)
    {
        foreach (var result in run.Results.Where(r => r.Case.AutobahnId is not null))
        {
            AutobahnCaseWriter.Write(directory, result);
        }

        AtomicFile.Write(Path.Combine(directory, FileName), stream =>
        {
            using var json = new Utf8JsonWriter(stream, AutobahnCaseWriter.Options);
            json.WriteStartObject();
            foreach (var byAgent in run.Results.Where(r => r.Case.AutobahnId is not null).GroupBy(r => r.Target.Agent).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                json.WriteStartObject(byAgent.Key);
                foreach (var result in byAgent.OrderBy(r => r.Case.AutobahnId, StringComparer.Ordinal))
                {
                    WriteCase(json, result);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        });
    }

    private static void WriteCase(Utf8JsonWriter json, CaseResult result)
    {
        var id = result.Case.AutobahnId!;
        json.WriteStartObject(id);
        json.WriteString("behavior", VerdictNames.Of(result.Behavior));
        json.WriteString("behaviorClose", VerdictNames.Of(result.BehaviorClose));
        json.WriteNumber("duration", (long)result.Duration.TotalMilliseconds);
        if (result.Close?.RemoteCloseCode is { } code)
        {
            json.WriteNumber("remoteCloseCode", code);
        }
        else
        {
            json.WriteNull("remoteCloseCode");
        }

        json.WriteString("reportfile", AutobahnNames.CaseFile(result.Target.Agent, id));
        json.WriteEndObject();
    }
}
