using WsConformance.Engine.Running;

namespace WsConformance.Engine.Serving;

/// <summary>
/// The results of a fuzzing server, per agent and case, kept for the whole server lifetime as Autobahn's are
/// (several agents become several columns of one report). Thread-safe: cases of one agent may run concurrently.
/// </summary>
public sealed class ServeResults
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Agent, string CaseId), CaseResult> _results = [];
    private readonly Dictionary<(string Agent, string CaseId), TaskCompletionSource<CaseResult>> _waiters = [];
    private readonly List<string> _agents = [];

    /// <summary>
    /// Counts an agent as one under test from its first request on (a case it starts, the reports it asks for), so a
    /// client that stops before any case finished still has a report column listing every case as NOT RUN.
    /// </summary>
    public void NoteAgent(string agent)
    {
        lock (_gate)
        {
            NoteAgentLocked(agent);
        }
    }

    public void Record(string agent, CaseResult result)
    {
        TaskCompletionSource<CaseResult>? waiter;
        lock (_gate)
        {
            NoteAgentLocked(agent);

            _results[(agent, result.Case.Id)] = result;
            _waiters.Remove((agent, result.Case.Id), out waiter);
        }

        waiter?.TrySetResult(result);
    }

    /// <summary>The agents under test, in the order they first appeared.</summary>
    public IReadOnlyList<string> Agents
    {
        get
        {
            lock (_gate)
            {
                return [.. _agents];
            }
        }
    }

    private void NoteAgentLocked(string agent)
    {
        if (!_agents.Contains(agent))
        {
            _agents.Add(agent);
        }
    }

    /// <summary>The result of a case for an agent, waiting until that case has finished (Autobahn's <c>/getCaseStatus</c>).</summary>
    public Task<CaseResult> WaitForAsync(string agent, string caseId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_results.TryGetValue((agent, caseId), out var done))
            {
                return Task.FromResult(done);
            }

            if (!_waiters.TryGetValue((agent, caseId), out var waiter))
            {
                waiter = new TaskCompletionSource<CaseResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters[(agent, caseId)] = waiter;
            }

            return waiter.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Every result so far, agents in the order they first appeared and cases in catalog order.</summary>
    public IReadOnlyList<CaseResult> Snapshot(IReadOnlyList<string> caseOrder)
    {
        var position = caseOrder.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index, StringComparer.Ordinal);
        lock (_gate)
        {
            return [.. _results
                .OrderBy(r => _agents.IndexOf(r.Key.Agent))
                .ThenBy(r => position.GetValueOrDefault(r.Key.CaseId, int.MaxValue))
                .Select(r => r.Value)];
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _results.Count;
            }
        }
    }
}
