namespace WsConformance.Cases;

/// <summary>A problem in a case file, located precisely enough for an editor to jump to it.</summary>
/// <param name="File">The case file as it was named to the loader.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Message">What is wrong and, where possible, what was expected.</param>
public sealed record CaseFileError(string File, int Line, int Column, string Message)
{
    /// <summary>The compiler-style form <c>file:line:col: message</c>.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
