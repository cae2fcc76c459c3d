namespace WsConformance.Cli;

/// <summary>Process exit codes; documented in <c>wsconf --help</c> and the README.</summary>
public static class ExitCodes
{
    /// <summary>No case FAILED (OK, NON-STRICT, INFORMATIONAL, UNIMPLEMENTED only).</summary>
    public const int Success = 0;

    /// <summary>At least one case FAILED.</summary>
    public const int Failed = 1;

    public const int UsageError = 2;

    public const int InvalidCaseFiles = 3;

    /// <summary>A harness problem: the target is unreachable or went away mid-run, TLS failed, or cases ended in ERROR.</summary>
    public const int HarnessError = 4;

    public const int NoCaseSelected = 5;

    /// <summary>
    /// Selected cases did not run (a client stopped, crashed or hung; the server went idle): the reports list them as
    /// NOT RUN. Ahead of <see cref="Failed"/>, since no exit code may present an unfinished run as a verdict.
    /// </summary>
    public const int NotComplete = 6;

    /// <summary>Stopped by Ctrl-C; reports hold what finished.</summary>
    public const int Interrupted = 130;

    public const string Help = "Exit codes: 0 no FAILED, 1 some FAILED, 2 usage error, 3 invalid case files, 4 harness error, target unreachable or gone, 5 no case selected, 6 selected cases did not run (listed as NOT RUN), 130 interrupted.";
}
