using System.Text.Json;
using Json.Schema;

namespace WsConformance.Reporting.Tests.Support;

/// <summary>reports/schema/report.schema.json, checked by JsonSchema.Net with formats (date-time) enforced.</summary>
internal static class ReportSchema
{
    // Built once: building registers the schema's $id, and a second build of the same $id is not needed.
    private static readonly JsonSchema Schema = JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "schema", "report.schema.json"));

    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    /// <summary>Every violation as "instance location: message"; empty when the document is valid.</summary>
    public static List<string> Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        var results = Schema.Evaluate(document.RootElement, Options);
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }
}
