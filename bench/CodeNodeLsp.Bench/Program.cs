// Benchmark entry point: `parser` measures the Python parser against CPython's ast.parse on the same machine.
using CodeNodeLsp.Bench;

return args.FirstOrDefault() switch
{
    "parser" => ParserBench.Run(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/CodeNodeLsp.Bench -- parser [--lines N] [--seconds S]");
    return 2;
}
