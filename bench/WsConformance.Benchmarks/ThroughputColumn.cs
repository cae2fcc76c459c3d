using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace WsConformance.Benchmarks;

/// <summary>Payload throughput in GB/s (10^9 bytes per second) from the median time per operation.</summary>
internal sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);

    public string ColumnName => "GB/s (median)";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Payload bytes per second at the median time per operation, in GB/s";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        double? medianNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Median;
        object? size = benchmarkCase.Parameters[nameof(DecodeBenchmarks.PayloadSize)];
        return medianNanoseconds is > 0 && size is int bytes
            ? (bytes / medianNanoseconds.Value).ToString("F2", System.Globalization.CultureInfo.InvariantCulture)
            : "-";
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
