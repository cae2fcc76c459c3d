namespace WsConformance.Fuzzing.Targets;

/// <summary>
/// Marks a fuzz target: a <c>public static void Name(ReadOnlySpan&lt;byte&gt; input)</c> method that throws when
/// the input reveals a bug (any exception is a finding) and returns normally otherwise.
/// </summary>
/// <remarks>
/// Targets are discovered by the attribute's simple name, so an assembly may declare its own
/// <c>FuzzTargetAttribute</c> with the same shape instead of referencing this one. Without any attribute, a
/// public static class with a <c>public static void Fuzz(ReadOnlySpan&lt;byte&gt;)</c> method is a target named
/// after the class.
/// </remarks>
/// <param name="name">The target's name on the command line.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class FuzzTargetAttribute(string name) : Attribute
{
    /// <summary>The target's name on the command line.</summary>
    public string Name { get; } = name;

    /// <summary>One line for <c>wsconf fuzz list</c>.</summary>
    public string Description { get; init; } = "";

    /// <summary>Simple names of further assemblies to instrument (comma-separated), e.g. "WsConformance.Protocol".</summary>
    public string Instrument { get; init; } = "";

    /// <summary>True when the input is a stream of WebSocket frames, so frame-aware mutations apply.</summary>
    public bool Frames { get; init; }
}

/// <summary>The signature of a fuzz target.</summary>
public delegate void FuzzAction(ReadOnlySpan<byte> input);

/// <summary>A target found in an assembly, before loading: what to call and what to instrument.</summary>
/// <param name="Name">Command-line name.</param>
/// <param name="Description">One line of help.</param>
/// <param name="TypeName">Full name of the declaring type (reflection form).</param>
/// <param name="MethodName">Name of the static method.</param>
/// <param name="Instrument">Simple names of the assemblies it wants instrumented.</param>
/// <param name="Frames">True when its input is a frame stream.</param>
public sealed record FuzzTargetInfo(string Name, string Description, string TypeName, string MethodName, IReadOnlyList<string> Instrument, bool Frames);

/// <summary>A loaded, callable target.</summary>
/// <param name="Info">What was discovered.</param>
/// <param name="Run">The method, bound as a delegate.</param>
public sealed record FuzzTarget(FuzzTargetInfo Info, FuzzAction Run)
{
    /// <summary>Command-line name.</summary>
    public string Name => Info.Name;
}
