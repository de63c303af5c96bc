// Benchmark entry point: prints the parser's Markdown section of docs/BENCHMARKS.md (options: --quick, --lines N).
using CodeNodeLsp.Bench.Parser;

return ParserBench.Run(args);
