using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(WsConformance.Benchmarks.DecodeBenchmarks).Assembly).Run(args);
