using WsConformance.Cases.Model;

namespace WsConformance.Cases;

/// <summary>Every section of a case directory, in file-name order.</summary>
public sealed record Catalog
{
    public Catalog(IReadOnlyList<CaseSection> sections)
    {
        Sections = sections;
    }

    /// <summary>The sections, one per case file.</summary>
    public IReadOnlyList<CaseSection> Sections
    {
        get;
        init
        {
            // Flattened once, and again by a `with` that replaces the sections.
            field = value;
            Cases = [.. value.SelectMany(section => section.Cases)];
        }
    }

    /// <summary>All cases of all sections, in file order.</summary>
    public IReadOnlyList<CaseDefinition> Cases { get; private init; } = [];

    /// <summary>Equal when the sections are (<see cref="Cases"/> follows from them).</summary>
    public bool Equals(Catalog? other) => other is not null && Sections.Equals(other.Sections);

    public override int GetHashCode() => Sections.GetHashCode();
}
