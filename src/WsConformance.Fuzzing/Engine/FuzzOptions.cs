namespace WsConformance.Fuzzing.Engine;

/// <summary>Settings of one in-process fuzzing run.</summary>
public sealed record FuzzOptions
{
    /// <summary>Seed of every random choice: the same seed, inputs and execution budget give the same run.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Stop after this many executions (null = no limit).</summary>
    public long? MaxExecutions { get; init; }

    /// <summary>Stop after this much time (null = no limit; at least one limit should be set).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Mutated inputs are cut to this length.</summary>
    public int MaxInputLength { get; init; } = 4096;

    /// <summary>An input running longer than this is a hang; the run then stops, since .NET cannot abort it.</summary>
    public TimeSpan InputTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Initial inputs (in addition to the files of <see cref="CorpusDirectory"/>); none = one empty input.</summary>
    public IReadOnlyList<byte[]> Seeds { get; init; } = [];

    /// <summary>Folder whose files seed the run and where inputs adding coverage are written (null = memory only).</summary>
    public string? CorpusDirectory { get; init; }

    /// <summary>Folder for crash and hang reproducers (null = not saved).</summary>
    public string? ArtifactsDirectory { get; init; }

    /// <summary>Tokens for the dictionary mutations.</summary>
    public IReadOnlyList<byte[]> Dictionary { get; init; } = [];

    /// <summary>Use frame-aware mutations (for targets whose input is a frame stream).</summary>
    public bool FrameMutations { get; init; }

    /// <summary>Keep inputs that add coverage; false = a coverage-blind random loop mutating only the seeds.</summary>
    public bool CoverageGuided { get; init; } = true;

    /// <summary>Stop at the first distinct finding.</summary>
    public bool StopOnFirstFinding { get; init; }

    /// <summary>How often <see cref="Progress"/> is called.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Called with statistics as the run goes (from the fuzzing thread).</summary>
    public Action<FuzzProgress>? Progress { get; init; }
}

/// <summary>Statistics at one point of a run.</summary>
/// <param name="Executions">Inputs run so far (minimisation runs included).</param>
/// <param name="Elapsed">Time since the run started.</param>
/// <param name="Edges">Distinct edges (map entries) hit so far.</param>
/// <param name="CorpusSize">Inputs kept.</param>
/// <param name="Findings">Distinct crashes and hangs.</param>
public readonly record struct FuzzProgress(long Executions, TimeSpan Elapsed, int Edges, int CorpusSize, int Findings)
{
    /// <summary>Executions per second so far.</summary>
    public double ExecutionsPerSecond => Elapsed.TotalSeconds > 0 ? Executions / Elapsed.TotalSeconds : 0;

    /// <inheritdoc />
    public override string ToString() =>
        $"#{Executions} {Elapsed.TotalSeconds:0.0}s {ExecutionsPerSecond:0} exec/s edges: {Edges} corpus: {CorpusSize} findings: {Findings}";
}

/// <summary>The outcome of a run.</summary>
/// <param name="Final">Statistics at the end.</param>
/// <param name="Findings">Distinct findings, in the order found.</param>
/// <param name="Corpus">The inputs kept (seeds first).</param>
public sealed record FuzzReport(FuzzProgress Final, IReadOnlyList<Finding> Findings, IReadOnlyList<byte[]> Corpus);
