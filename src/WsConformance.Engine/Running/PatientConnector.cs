using WsConformance.Engine.Transport;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Engine.Running;

/// <summary>
/// Opens a case's connection the way a busy server needs: what a busy or briefly restarting server causes (a
/// refused connect, a connection closed before any answer, 503 or 429) is retried with back-off within a bounded
/// time before anything is concluded; every other answer, right or wrong, is final at once. Silence already cost a
/// whole handshake timeout: it is not retried here but by the run's confirmation, once the server is idle.
/// </summary>
public static class PatientConnector
{
    private const int ServiceUnavailable = 503;
    private const int TooManyRequests = 429;

    /// <summary>Waits before each retry: the server gets breathing room that grows, to a bounded total.</summary>
    private static readonly TimeSpan[] Backoff =
        [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <summary>What the connection attempts came to.</summary>
    /// <param name="Result">The last attempt's outcome.</param>
    /// <param name="Attempts">How many attempts were made.</param>
    /// <param name="Latency">How long the last attempt took from TCP connect to the end of the response header.</param>
    public sealed record Outcome(ConnectResult Result, int Attempts, TimeSpan Latency)
    {
        /// <summary>
        /// No complete HTTP answer: the connection could not be made, nothing or not all of the answer came in time,
        /// or the server closed before answering. Neither a refusal nor a wrong answer: nothing can be judged.
        /// </summary>
        public bool NoAnswer => Result.Outcome is ConnectOutcome.ConnectFailed or ConnectOutcome.HandshakeTimeout || IsClosedUnanswered(Result);
    }

    public static async Task<Outcome> ConnectAsync(Uri uri, HandshakeRequest request, TransportOptions options, TimeSpan retryScale,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var started = options.TimeProvider.GetTimestamp();
            var result = await WebSocketConnector.ConnectAsync(uri, request, options, cancellationToken);
            if (!IsBusySymptom(result) || attempt > Backoff.Length)
            {
                return new Outcome(result, attempt, options.TimeProvider.GetElapsedTime(started));
            }

            if (result.Connection is { } refused)
            {
                await refused.DisposeAsync();
            }

            await Task.Delay(Backoff[attempt - 1] * retryScale.TotalSeconds, options.TimeProvider, cancellationToken);
        }
    }

    /// <summary>What an overloaded or restarting server looks like from outside, as opposed to a wrong answer.</summary>
    /// <remarks>Silence and a response trickled in part are left to the run's confirmation (see above).</remarks>
    public static bool IsBusySymptom(ConnectResult result) => result.Outcome switch
    {
        ConnectOutcome.ConnectFailed => true,
        ConnectOutcome.ClosedDuringHandshake => IsClosedUnanswered(result),
        ConnectOutcome.Refused => result.Response?.StatusCode is ServiceUnavailable or TooManyRequests,
        _ => false,
    };

    private static bool IsClosedUnanswered(ConnectResult result) =>
        result.Outcome == ConnectOutcome.ClosedDuringHandshake && result.RawResponseBytes.Length == 0;
}
