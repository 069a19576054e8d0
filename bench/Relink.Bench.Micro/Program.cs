using BenchmarkDotNet.Running;

// Pick benchmarks and jobs from the command line, e.g.:
//   dotnet run -c Release --project bench/Relink.Bench.Micro -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Relink.Bench.Micro.Payload).Assembly).Run(args);
