namespace WsConformance.Fuzzing.Instrumentation;

/// <summary>Which types SharpFuzz instruments.</summary>
/// <param name="Include">Type-name prefixes to instrument (case-insensitive); empty = every type.</param>
/// <param name="Exclude">Type-name prefixes never to instrument, even when included.</param>
public sealed record InstrumentationOptions(IReadOnlyList<string> Include, IReadOnlyList<string> Exclude)
{
    /// <summary>Every type.</summary>
    public static InstrumentationOptions All { get; } = new([], []);

    /// <summary>True when the type (full name, nested types as Outer/Inner) is to be instrumented.</summary>
    public bool Selects(string typeFullName)
    {
        bool included = Include.Count == 0 || Include.Any(prefix => typeFullName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
        return included && !Exclude.Any(prefix => typeFullName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }
}
