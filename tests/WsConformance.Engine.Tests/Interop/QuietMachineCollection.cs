namespace WsConformance.Engine.Tests.Interop;

/// <summary>
/// Tests that compare timing-dependent verdicts with Autobahn's (measured on an otherwise idle machine) run
/// after all others, one at a time, so the rest of the suite does not load the server under test.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QuietMachineCollection
{
    public const string Name = "Quiet machine";
}
