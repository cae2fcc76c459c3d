namespace WsConformance.Fuzzing.Targets;

/// <summary>Thrown by a target when an oracle fails: an invariant is broken or two implementations disagree.</summary>
public sealed class FuzzFindingException : Exception
{
    /// <summary>A finding described by <paramref name="message"/>.</summary>
    public FuzzFindingException(string message)
        : base(message)
    {
    }

    /// <summary>Required by the exception pattern; prefer the message constructor.</summary>
    public FuzzFindingException()
    {
    }

    /// <summary>Required by the exception pattern.</summary>
    public FuzzFindingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
