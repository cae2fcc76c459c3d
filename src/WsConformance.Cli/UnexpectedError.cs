namespace WsConformance.Cli;

/// <summary>The last line of defence: an exception no command handled becomes one line and exit 4.</summary>
internal static class UnexpectedError
{
    /// <summary>Set to 1 to let the exception (with its stack trace) through, for a bug report.</summary>
    public const string TraceVariable = "WSCONF_TRACE";

    public static int Report(Exception exception)
    {
        if (exception is OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }

        Console.Error.WriteLine($"wsconf: internal error ({exception.GetType().Name}: {exception.Message}); run again with {TraceVariable}=1 for the stack trace and report it.");
        return ExitCodes.HarnessError;
    }
}
