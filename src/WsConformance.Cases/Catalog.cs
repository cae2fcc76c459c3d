using WsConformance.Cases.Model;

namespace WsConformance.Cases;

/// <summary>Every section of a case directory, in file-name order.</summary>
public sealed record Catalog(IReadOnlyList<CaseSection> Sections)
{
    /// <summary>All cases of all sections, in file order.</summary>
    public IReadOnlyList<CaseDefinition> Cases { get; } = [.. Sections.SelectMany(section => section.Cases)];
}
