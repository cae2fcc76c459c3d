namespace WsConformance.Fuzzing.Targets;

/// <summary>Thrown by a target when an oracle fails: an invariant is broken or two implementations disagree.</summary>
public sealed class FuzzFindingException : Exception
{
    /// <summary>
    /// Key of the finding's category in <see cref="Exception.Data"/>. Data rather than a property, because the
    /// engine sees targets' exceptions from another load context, where this type is a different type.
    /// </summary>
    public const string CategoryKey = "wsconf.fuzz.category";

    /// <summary>Kind of finding, part of the de-duplication signature; null = the stack alone decides.</summary>
    public string? Category => Data[CategoryKey] as string;

    /// <summary>A finding described by <paramref name="message"/>.</summary>
    public FuzzFindingException(string message)
        : base(message)
    {
    }

    /// <summary>
    /// A finding of a kind named by <paramref name="category"/>: findings with the same stack but different
    /// categories (say, two kinds of disagreement in one differential target) are kept apart.
    /// </summary>
    public FuzzFindingException(string category, string message)
        : base(message) => Data[CategoryKey] = category;

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
