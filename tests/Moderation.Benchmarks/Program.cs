using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Moderation.Benchmarks.ClassifierBenchmarks).Assembly).Run(args);
