using WsConformance.Engine.Running;
using WsConformance.PropertyFuzzing.Generation;
using WsConformance.PropertyFuzzing.Model;

namespace WsConformance.PropertyFuzzing.Running;

/// <summary>What a property-fuzzing run does.</summary>
/// <param name="Runs">Conversations to generate and run.</param>
/// <param name="Seed">Seed of the generator: the same seed gives the same conversations, run by run.</param>
/// <param name="MaxFrames">Most frames of one conversation.</param>
/// <param name="Run">Engine options (concurrency, timeout scale, headers, HTTP/2); <see cref="RunOptions.Seed"/> is set from <paramref name="Seed"/>.</param>
/// <param name="Model">How strictly the reference model grades.</param>
/// <param name="StopAfterFindings">Stop generating once this many distinct findings are confirmed (null: run all).</param>
/// <param name="MaxShrinkRuns">Most engine runs spent shrinking one finding.</param>
public sealed record FuzzOptions(
    int Runs,
    int Seed,
    int MaxFrames = ConversationGenerator.DefaultMaxFrames,
    RunOptions? Run = null,
    ModelOptions? Model = null,
    int? StopAfterFindings = null,
    int MaxShrinkRuns = 400)
{
    public RunOptions EngineOptions => (Run ?? new RunOptions()) with { Seed = Seed };

    public ModelOptions ModelOptions => Model ?? ModelOptions.Strict;

    /// <summary>The option a replay command needs to open its WebSockets the way this run did: "--http2" or nothing.</summary>
    public string TransportFlag => EngineOptions.Http2 ? " --http2" : "";

    /// <summary>What carries the conversations' WebSockets to <paramref name="target"/>, as reports name it.</summary>
    public string TransportTo(Uri target) => Transports.For(target, EngineOptions.Http2);
}
