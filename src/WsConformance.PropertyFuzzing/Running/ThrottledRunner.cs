using WsConformance.Cases.Model;
using WsConformance.Engine.Running;

namespace WsConformance.PropertyFuzzing.Running;

/// <summary>
/// Runs conversations against the target with at most <see cref="RunOptions.Concurrency"/> of them in flight, however
/// many shrinks ask at once: parallel shrinks share the concurrency the runs had.
/// </summary>
internal sealed class ThrottledRunner(Target target, RunOptions options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Concurrency));

    /// <summary>A conversation as the runs run it (<see cref="ConversationExecutor"/>).</summary>
    public Task<CaseResult> RunAsync(PreparedConversation prepared, CancellationToken cancellationToken) =>
        InSlotAsync(() => ConversationExecutor.RunAsync(prepared, target, options, cancellationToken), cancellationToken);

    /// <summary>A case as it is, with every alternative from the start (a finding's confirmation).</summary>
    public Task<CaseResult> RunAsync(CaseDefinition definition, CancellationToken cancellationToken) =>
        InSlotAsync(() => CaseRunner.RunAsync(definition, target, options, cancellationToken), cancellationToken);

    public void Dispose() => _slots.Dispose();

    private async Task<CaseResult> InSlotAsync(Func<Task<CaseResult>> run, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await run();
        }
        finally
        {
            _slots.Release();
        }
    }
}
