namespace WsConformance.Engine.Tests.BrokenServers;

/// <summary>
/// Catalog runs against test servers open many connections at once; running them one class at a time keeps
/// the two shared cores from starving the engine's timers (which would make correct servers look slow).
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrokenServerCollection
{
    public const string Name = "Catalog runs against test servers";
}
