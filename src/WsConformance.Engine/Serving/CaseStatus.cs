using System.Text.Json;
using WsConformance.Cases.Model;
using WsConformance.Engine.Running;

namespace WsConformance.Engine.Serving;

/// <summary>
/// The answer of <c>/getCaseStatus</c>. Autobahn's drivers read only <c>behavior</c>; the other fields are what the
/// browser page shows per case: the case, the close verdict, the reason, and the transport the client's WebSocket used.
/// </summary>
internal sealed record CaseStatus(string Behavior, string? BehaviorClose, string Id, string? Result, string? Transport)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);

    public static CaseStatus Of(CaseResult result) => new(
        VerdictNames.Of(result.Behavior), VerdictNames.Of(result.BehaviorClose), result.Case.Id, result.Judgement.Result, result.Transport);

    /// <summary>Never run within the case's own deadline.</summary>
    public static CaseStatus Missing(CaseDefinition definition) => new("MISSING", null, definition.Id, null, null);
}
