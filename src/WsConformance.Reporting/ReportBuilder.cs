using WsConformance.Cases.Model;
using WsConformance.Engine.Judging;
using WsConformance.Engine.Running;
using WsConformance.Reporting.Model;

namespace WsConformance.Reporting;

/// <summary>Turns a run into the <see cref="ReportDocument"/> that <c>report.json</c> holds.</summary>
public static partial class ReportBuilder
{
    public const int SchemaVersion = 1;

    /// <param name="excluded">Cases the selection left out, listed as skipped by the reports.</param>
    public static ReportDocument Build(RunResult run, string toolVersion, IReadOnlyList<CaseDefinition>? excluded = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var targets = run.Targets.Select(target => new TargetRecord(
            target.Uri.ToString(),
            target.Agent,
            run.Results.FirstOrDefault(r => r.Target == target && r.ServerHeader is not null)?.ServerHeader,
            Count(run.Results.Where(r => r.Target == target).ToList()),
            Transport(run.Results.Where(r => r.Target == target)))).ToList();
        var notRun = run.NotRun().Select(n => new NotRunRecord(n.Case.Id, n.Case.AutobahnId, n.Case.Section, n.Case.Title, n.Target.Agent, run.NotRunReason)).ToList();
        return new ReportDocument(
            SchemaVersion,
            new ToolRecord("wsconf", toolVersion),
            run.Started,
            run.Ended,
            run.Complete && notRun.Count == 0,
            targets,
            Count(run.Results),
            run.Results.Select(Case).ToList(),
            (excluded ?? []).Select(c => new CaseReference(c.Id, c.AutobahnId, c.Section, c.Title)).ToList(),
            notRun,
            run.Error);
    }

    private static string? Transport(IEnumerable<CaseResult> results) =>
        string.Join(", ", results.Select(r => r.Transport).Distinct(StringComparer.Ordinal)) is { Length: > 0 } transports ? transports : null;

    /// <summary>Counts per verdict, every verdict present (zero included) so readers need no defaults.</summary>
    public static VerdictCounts Count(IReadOnlyCollection<CaseRecord> cases) =>
        Count(cases.Count, cases.Count(c => c.Slow), cases.Select(c => c.Behavior));

    private static VerdictCounts Count(IReadOnlyList<CaseResult> results) =>
        Count(results.Count, results.Count(r => r.Judgement.Slow), results.Select(r => VerdictNames.Of(r.Behavior)));

    private static VerdictCounts Count(int cases, int slow, IEnumerable<string> behaviors)
    {
        var counts = Enum.GetValues<Verdict>().ToDictionary(VerdictNames.Of, _ => 0, StringComparer.Ordinal);
        foreach (var behavior in behaviors)
        {
            counts[behavior] = counts.GetValueOrDefault(behavior) + 1;
        }

        return new VerdictCounts(cases, slow, counts);
    }

    private static CaseRecord Case(CaseResult result)
    {
        var definition = result.Case;
        return new CaseRecord(
            definition.Id,
            definition.AutobahnId,
            definition.AutobahnId is { } autobahnId ? AutobahnNumbering.CaseNumber(autobahnId) : null,
            definition.Section,
            definition.Title,
            result.Target.Agent,
            Requirement(definition.Requirement),
            Expected(definition.Expectation, Peer(result)),
            VerdictNames.Of(result.Behavior),
            VerdictNames.Of(result.BehaviorClose),
            result.Judgement.Result,
            result.Judgement.ResultClose,
            result.Judgement.Slow,
            result.Started,
            Math.Round(result.Duration.TotalMilliseconds, 3),
            Close(result.Close, Peer(result)),
            new HandshakeRecord(result.HandshakeRequest, result.HandshakeResponse),
            result.Events.Select(e => new EventRecord(Milliseconds(e.At), EventText.Describe(e), e.AfterPeerClose)).ToList(),
            Statistics(result.Statistics),
            !definition.BulkTraffic,
            result.WireLogDropped,
            result.WireLog.Select(WireRows.From).ToList(),
            result.ConcurrentJudgement is { } first
                ? new ConfirmationRecord(result.Flaky, VerdictNames.Of(first.Behavior), VerdictNames.Of(first.BehaviorClose), first.Result)
                : null,
            Judgement(result.Judgement));
    }

    /// <summary>The structured judgement report.json carries, and the console prints as an Expected / Actual block.</summary>
    public static JudgementRecord Judgement(Judgement judgement) => new(
        VerdictNames.Of(judgement.Behavior),
        judgement.Reason,
        judgement.Evidence is { } evidence
            ? new EvidenceRecord(
                Requirement(evidence.Requirement),
                evidence.Expected.Select(e => new ExpectedOutcomeRecord(VerdictNames.Of(e.Verdict), e.Outcome)).ToList(),
                evidence.Actual)
            : null,
        new CloseJudgementRecord(VerdictNames.Of(judgement.BehaviorClose), judgement.ResultClose));

    private static RequirementRecord Requirement(Requirement requirement) =>
        new(requirement.Rfc, requirement.RfcSection, requirement.LevelName, requirement.Text);

    /// <summary>The endpoint under test, as reports name it: the server in <c>wsconf run</c>, the client in <c>wsconf serve</c>.</summary>
    private static string Peer(CaseResult result) => result.HarnessRole == Protocol.Role.Server ? "client" : "server";

    private static ExpectationRecord Expected(Expectation expectation, string peer)
    {
        var close = expectation.Close;
        return new ExpectationRecord(
            expectation.Alternatives.Select(a => new AlternativeRecord(VerdictNames.Of(a.Verdict), a.Events.Select(EventText.Describe).ToList())).ToList(),
            new CloseExpectationRecord(close.ClosedBy == Closer.Harness ? "harness" : peer, close.Codes, close.RequireClean, close.WrongCodeFails, close.WrongCloserFails, close.NothingAfterClose),
            expectation.ForcedVerdict is { } forced ? VerdictNames.Of(forced) : null,
            expectation.HandshakeAlternatives?.Select(Describe).ToList());
    }

    private static string Describe(HandshakeAlternative alternative)
    {
        var answer = alternative.Accepted
            ? "a valid 101 Switching Protocols"
            : alternative.Statuses.Count == 0 ? "a refusal (any non-101 status or a closed connection)" : $"a refusal with status {string.Join(" or ", alternative.Statuses)}";
        var headers = alternative.RequiredHeaders.Select(h => h.Value.Length == 0 ? h.Key : $"{h.Key}: {h.Value}").ToList();
        return $"{VerdictNames.Of(alternative.Verdict)}: {answer}" + (headers.Count == 0 ? "" : $" with {string.Join(", ", headers)}");
    }

    private static CloseRecordJson? Close(Engine.Session.CloseRecord? close, string peer) => close is null ? null : new CloseRecordJson(
        close.ClosedByMe ? "harness" : peer,
        close.ClosedByMe,
        close.FailedByMe,
        close.DroppedByMe,
        close.WasClean,
        close.WasNotCleanReason,
        close.WasCloseHandshakeTimeout,
        close.WasServerConnectionDropTimeout,
        close.LocalCloseCode,
        close.LocalCloseReason,
        close.RemoteCloseCode,
        close.RemoteCloseReason,
        close.FramesAfterPeerClose);

    private static StatisticsRecord Statistics(Engine.Observation.TrafficStatistics statistics) => new(
        statistics.SentBytes,
        statistics.ReceivedBytes,
        new Dictionary<int, int>(statistics.SentOctets),
        new Dictionary<int, int>(statistics.ReceivedOctets),
        new Dictionary<int, int>(statistics.SentFrames),
        new Dictionary<int, int>(statistics.ReceivedFrames));

    internal static double Milliseconds(TimeSpan at) => Math.Round(at.TotalMilliseconds, 3);
}
