using WsConformance.Cases.Model;
using WsConformance.Engine.Running;

namespace WsConformance.Cli;

/// <summary>
/// Progress on stderr: a live bar on a terminal; one line per finished case otherwise (CI logs), as h2spec does,
/// each marked by what it is — only a case that is OK in behaviour and close gets the tick.
/// </summary>
internal abstract class ProgressDisplay
{
    public static ProgressDisplay Create(int total) =>
        Console.IsErrorRedirected ? new LineProgress() : new BarProgress(total);

    public abstract void OnCaseFinished(CaseResult result);

    public abstract void Complete();

    /// <summary>✔ OK; ~ NON-STRICT (or OK with a close that is not); i INFORMATIONAL; - UNIMPLEMENTED; s SLOW; × FAILED; ! ERROR.</summary>
    public static string Mark(CaseResult result) => result.Behavior switch
    {
        Verdict.Ok when result.BehaviorClose == CloseVerdict.Ok => "✔",
        Verdict.Ok or Verdict.NonStrict => "~",
        Verdict.Informational => "i",
        Verdict.Unimplemented => "-",
        Verdict.Slow => "s",
        Verdict.Failed => "×",
        _ => "!",
    };

    private sealed class LineProgress : ProgressDisplay
    {
        private readonly Lock _gate = new();

        public override void OnCaseFinished(CaseResult result)
        {
            var close = result.BehaviorClose == CloseVerdict.Ok ? "" : $" / close {VerdictNames.Of(result.BehaviorClose)}";
            lock (_gate)
            {
                Console.Error.WriteLine($"{Mark(result)} {result.Case.Id} {VerdictNames.Of(result.Behavior)}{close} {result.Duration.TotalMilliseconds:0} ms");
            }
        }

        public override void Complete()
        {
        }
    }

    private sealed class BarProgress : ProgressDisplay
    {
        private readonly Lock _gate = new();
        private readonly int _total;
        private int _done;
        private int _failed;

        public BarProgress(int total) => _total = total;

        public override void OnCaseFinished(CaseResult result)
        {
            lock (_gate)
            {
                _done++;
                _failed += result.Behavior == Verdict.Failed ? 1 : 0;
                Console.Error.Write($"\r{_done}/{_total} cases, {_failed} failed ");
            }
        }

        public override void Complete()
        {
            Console.Error.WriteLine();
        }
    }
}
