using System.Text.Json;
using WsConformance.Cases.Model;
using WsConformance.Engine.Judging;
using WsConformance.Engine.Running;

namespace WsConformance.Engine.Serving;

/// <summary>
/// The answer of <c>/getCaseStatus</c>. Autobahn's drivers read only <c>behavior</c>; the other fields are what the
/// browser page shows per case: the case, the close verdict, the reason, and the transport the client's WebSocket used.
/// </summary>
/// <param name="BrowserApi">The case judges something a page cannot control through a browser's WebSocket API (<see cref="CaseDefinition.BrowserLimit"/>).</param>
internal sealed record CaseStatus(string Behavior, string? BehaviorClose, string Id, string? Result, string? Transport, bool BrowserApi)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);

    public static CaseStatus Of(CaseResult result) => new(
        VerdictNames.Of(result.Behavior), VerdictNames.Of(result.BehaviorClose), result.Case.Id, result.Judgement.Result, result.Transport,
        result.Case.BrowserLimit is not null);

    /// <summary>Never run within the case's own deadline.</summary>
    public static CaseStatus Missing(CaseDefinition definition) => new("MISSING", null, definition.Id, null, null, definition.BrowserLimit is not null);
}
