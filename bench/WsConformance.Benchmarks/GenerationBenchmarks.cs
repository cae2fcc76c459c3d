using BenchmarkDotNet.Attributes;
using WsConformance.PropertyFuzzing.Conversations;
using WsConformance.PropertyFuzzing.Generation;
using WsConformance.PropertyFuzzing.Running;

namespace WsConformance.Benchmarks;

/// <summary>
/// What `wsconf fuzz property` spends to generate one conversation before it runs it: FsCheck's generators and
/// the payload bytes, for 100 consecutive runs of one seed (the mix of sizes a real run draws).
/// </summary>
[MemoryDiagnoser]
public class GenerationBenchmarks
{
    private const int Runs = 100;

    private readonly RunGenerator _generator = new(seed: 1, ConversationGenerator.DefaultMaxFrames);

    [Benchmark(OperationsPerInvoke = Runs)]
    public int Conversation()
    {
        var frames = 0;
        for (var run = 1; run <= Runs; run++)
        {
            Conversation conversation = _generator.For(run);
            frames += conversation.FrameCount;
        }

        return frames;
    }
}
