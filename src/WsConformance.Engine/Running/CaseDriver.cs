using WsConformance.Cases.Model;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Session;
using WsConformance.Engine.Timing;
using WsConformance.Protocol;

namespace WsConformance.Engine.Running;

/// <summary>
/// What every case does once its opening handshake is done, whichever role the harness plays: run the steps on
/// the session, wait for TCP to go, and drop it past the case's deadline.
/// </summary>
internal static class CaseDriver
{
    /// <summary>What a case does when compression was declined and the case needs it: close normally at once (Autobahn 12/13).</summary>
    private static readonly IReadOnlyList<Step> CloseAtOnce = [new CloseStep(new BytesPayload(CloseBody.Build(CloseCodes.NormalClosure, [])))];

    /// <param name="sliceCache">
    /// The case's lease on its run's compressed slices (taken before the handshake, disposed by the caller after the
    /// case, so every path passes its slices); null compresses every slice here.
    /// </param>
    /// <param name="declined">The case needs permessage-deflate and the peer declined it: close at once instead of the steps.</param>
    public static async Task<(IReadOnlyList<ObservedEvent> Events, CloseRecord Close, bool Slow, TimingRecord Timing)> DriveAsync(
        CaseDefinition definition, CaseSession session, SliceCacheLease? sliceCache, RunOptions options, bool declined, CancellationToken cancellationToken)
    {
        session.SeedMaskKeys(unchecked((options.Seed * 31) + StableHash(definition.Id)));
        session.Start();
        using var deadline = new TimeLimit(CaseDeadline.For(definition, options), options.TimeProvider, cancellationToken);
        var steps = new StepExecutor(session, options.TimeoutScale, sliceCache).RunAsync(declined ? CloseAtOnce : definition.Steps, deadline.Token);
        try
        {
            // A write to a peer that does not read never returns by itself: the deadline must not wait for the steps.
            await steps.WaitAsync(deadline.Token);
            await session.Closed.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            session.Abort("run cancelled");
        }
        catch (OperationCanceledException)
        {
            session.AbortAtDeadline();
        }

        // Dropping TCP fails a stuck write at once; the steps end before the session is disposed.
        await steps.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return (session.Events, session.CloseRecord, session.WasLate, session.Timing);
    }

    public static SessionOptions SessionOptionsFor(CaseDefinition definition, RunOptions options, Role role) =>
        SessionOptions.Scaled(options.TimeoutScale) with
        {
            LateGraceFactor = options.LateGraceFactor,
            MinimumGrace = options.MinimumGrace,
            ChoppedFrameGap = definition.BulkTraffic ? null : options.EffectiveChoppedFrameGap,
            DigestMessages = definition.Expectation.Alternatives.Any(a => a.Events.Any(e => e is ExpectedSlices)),
            Role = role,
        };

    /// <summary>A hash of the id that is the same in every process (string.GetHashCode is randomised).</summary>
    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
