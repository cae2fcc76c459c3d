namespace WsConformance.Cases;

/// <summary>Thrown by <see cref="CatalogLoader"/> when case files are invalid; carries every error found, not just the first.</summary>
public sealed class CaseLoadException : Exception
{
    public CaseLoadException(IReadOnlyList<CaseFileError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Every error, in file and position order.</summary>
    public IReadOnlyList<CaseFileError> Errors { get; }

    private static string Describe(IReadOnlyList<CaseFileError> errors) =>
        $"{errors.Count} error(s) in case files:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}";
}
