// Steady-state timing of PythonParser.Parse on a generated 1,000-line code node and on the whole standard library,
// and of the parse with compile-stage checks against CPython's compile().
using System.Diagnostics;
using System.Text;
using CodeNodeLsp.Syntax.Python;

namespace CodeNodeLsp.Bench.Parser;

public static class ParserBench
{
    public static int Run(string[] args)
    {
        int lines = 1000;
        double seconds = args.Contains("--quick") ? 1 : 4;
        int li = Array.IndexOf(args, "--lines");
        if (li >= 0 && li + 1 < args.Length) lines = int.Parse(args[li + 1]);

        string node = CodeNodeGenerator.Generate(lines);
        var check = PythonParser.Parse(node);
        if (check.Errors.Count > 0)
        {
            Console.Error.WriteLine($"generated node does not parse: {check.Errors[0].Message} at {check.Errors[0].Span}");
            return 1;
        }
        double kb = Encoding.UTF8.GetByteCount(node) / 1024.0;
        if (args.Contains("--phases"))
        {
            var walk = Steady(() =>
            {
                var st = new Stack<Node>();
                var children = new List<Node>();
                st.Push(check.Module);
                while (st.Count > 0)
                {
                    children.Clear();
                    st.Pop().AddChildrenTo(children);
                    foreach (var c in children) st.Push(c);
                }
            }, 2);
            var lexOnly = Steady(() => PythonLexer.Tokenize(node), 2);
            var full = Steady(() => PythonParser.Parse(node), 2);
            Console.WriteLine($"walk children: {walk.Min:F3} ms, lex {lexOnly.Min:F3} ms, parse {full.Min:F3} ms (best)");
            long a0 = GC.GetAllocatedBytesForCurrentThread();
            PythonLexer.Tokenize(node);
            long a1 = GC.GetAllocatedBytesForCurrentThread();
            var parsed = PythonParser.Parse(node);
            long a2 = GC.GetAllocatedBytesForCurrentThread();
            Console.WriteLine($"allocated: tokenize {(a1 - a0) / 1024} KB, parse (with tokenize) {(a2 - a1) / 1024} KB for {parsed.Tokens.Count} tokens, source {node.Length / 1024} KB");
            var root = StdlibRoot()!;
            var texts = Directory.EnumerateFiles(root, "*.py", SearchOption.AllDirectories).Where(p => !p.Contains("/site-packages/")).Select(File.ReadAllText).ToList();
            long chars = texts.Sum(t => (long)t.Length);
            for (int round = 0; round < 3; round++)
            {
                var sw1 = Stopwatch.StartNew();
                foreach (var t in texts) PythonLexer.Tokenize(t);
                double lexS = sw1.Elapsed.TotalSeconds;
                sw1.Restart();
                foreach (var t in texts) PythonParser.Parse(t);
                double parseS = sw1.Elapsed.TotalSeconds;
                Console.WriteLine($"stdlib: lex {chars / 1e6 / lexS:F1} MB/s, parse {chars / 1e6 / parseS:F1} MB/s, gen2={GC.CollectionCount(2)}");
            }
            for (int round = 0; round < 2; round++)
            {
                var sw = Stopwatch.StartNew();
                int n = 0;
                while (sw.Elapsed.TotalSeconds < 1) { PythonParser.Parse(node); n++; }
                Console.WriteLine($"parse: {sw.Elapsed.TotalMilliseconds / n:F3} ms/parse over {n}, gen0={GC.CollectionCount(0)} gen1={GC.CollectionCount(1)} gen2={GC.CollectionCount(2)}, alloc/parse={GC.GetAllocatedBytesForCurrentThread() / 1e6:F0} MB total");
            }
            return 0;
        }
        var parse = Steady(() => PythonParser.Parse(node), seconds);
        // The state a node is in while a line is being typed: a call's closing bracket not written yet, near the top,
        // so the whole rest of the node is read again with the bracket closed early (docs/parser.md, recovery).
        var (typing, typingLine) = WithoutFirstLineEndingBracket(node);
        var typingCheck = PythonParser.Parse(typing);
        if (typingCheck.Errors.Count == 0 || CountStatements(typingCheck.Module) != CountStatements(check.Module))
        {
            Console.Error.WriteLine("the node without a closing bracket did not recover every later statement");
            return 1;
        }
        var parseTyping = Steady(() => PythonParser.Parse(typing), seconds / 2);
        var lex = Steady(() => PythonLexer.Tokenize(node), seconds / 2);
        var bind = Steady(() => Binder.Bind(check.Module), seconds / 2);
        // What compile() decides (syntax and compile-stage errors): a fresh parse each time, as CompileErrors is cached.
        var compile = Steady(() => _ = PythonParser.Parse(node).AllErrors.Count, seconds / 2);
        var cpython = CPythonTiming(node);
        var stdlib = StdlibThroughput(seconds);

        var o = Console.Out;
        o.WriteLine("## Python parser: a 1,000-line code node and the standard library");
        o.WriteLine();
        o.WriteLine($"`bench/parser` (in-process, Release, one thread): a generated {lines}-line code node ({kb:F1} KB; imports, annotated inputs, functions with comprehensions and f-strings, dataclasses, try/except) parsed by `PythonParser.Parse`, after a warm-up, for {seconds:F0} s of samples; CPython's `ast.parse` and `compile()` on the same text in the same run (`timeit`, 60 samples). Then every standard-library file (site-packages excluded) parsed in a loop.");
        o.WriteLine();
        o.WriteLine("| what | target | median | best | CPython median | CPython best |");
        o.WriteLine("|---|---|---:|---:|---:|---:|");
        o.WriteLine($"| parse, {lines}-line node (CPython: `ast.parse`) | ≤ 2 ms | {parse.Median:F3} ms | {parse.Min:F3} ms | {cpython.Median} | {cpython.Min} |");
        o.WriteLine($"| parse and compile-stage checks (`AllErrors`), same node (CPython: `compile()`) | ≤ half of `compile()` | {compile.Median:F3} ms | {compile.Min:F3} ms | {cpython.CompileMedian} | {cpython.CompileMin} |");
        o.WriteLine($"| parse, same node missing one closing bracket (line {typingLine}) | ≤ 2 ms | {parseTyping.Median:F3} ms | {parseTyping.Min:F3} ms | | |");
        o.WriteLine($"| tokenize only, same node | | {lex.Median:F3} ms | {lex.Min:F3} ms | | |");
        o.WriteLine($"| bind (scopes, unresolved names), same node | | {bind.Median:F3} ms | {bind.Min:F3} ms | | |");
        if (stdlib is { } st)
            o.WriteLine($"| parse the standard library ({st.Files} files, {st.MB:F1} MB) | ≥ 20 MB/s | {st.MedianRate:F1} MB/s | {st.BestRate:F1} MB/s | | |");
        else o.WriteLine("| parse the standard library | ≥ 20 MB/s | (python3 not found) | | | |");
        o.WriteLine();
        o.WriteLine($"Machine load while measuring (1-minute load average, {Environment.ProcessorCount} cores): {LoadAverage()}. CPython: {cpython.Version}.");
        o.WriteLine();
        o.WriteLine("Rerun with `dotnet run -c Release --project bench/parser` (`--quick` for shorter sampling, `--lines N` for another size).");
        return 0;
    }

    /// <summary>Deletes the ')' that ends the first call statement after the header: the node as it is while being typed.</summary>
    private static (string Text, int Line) WithoutFirstLineEndingBracket(string node)
    {
        var lines = node.Split('\n');
        int offset = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            string l = lines[i];
            if (i > 20 && l.EndsWith(')') && !l.Contains('#') && l.Count(c => c == '(') == l.Count(c => c == ')'))
                return (node.Remove(offset + l.Length - 1, 1), i + 1);
            offset += l.Length + 1;
        }
        throw new InvalidOperationException("the generated node has no line ending with ')'");
    }

    private static int CountStatements(Node root) => root.DescendantsAndSelf().Count(n => n is Stmt);

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "unknown"; }
        catch (UnauthorizedAccessException) { return "unknown"; }
    }

    /// <summary>Runs <paramref name="work"/> until timings settle (warm-up, then <paramref name="seconds"/> of samples).</summary>
    private static (double Median, double Min) Steady(Action work, double seconds)
    {
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < Math.Max(1, seconds / 2)) work();
        var samples = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds || samples.Count < 20)
        {
            var sw = Stopwatch.StartNew();
            work();
            samples.Add(sw.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        return (samples[samples.Count / 2], samples[0]);
    }

    private static (string Median, string Min, string CompileMedian, string CompileMin, string Version) CPythonTiming(string node)
    {
        string path = Path.Combine(Path.GetTempPath(), $"codenode-bench-{Environment.ProcessId}.py");
        File.WriteAllText(path, node);
        try
        {
            const string script = "import ast, sys, timeit\n"
                + "src = open(sys.argv[1]).read()\n"
                + "t = sorted(timeit.repeat(lambda: ast.parse(src), number=1, repeat=60))\n"
                + "c = sorted(timeit.repeat(lambda: compile(src, 'node.py', 'exec'), number=1, repeat=60))\n"
                + "print(f'{t[len(t)//2]*1000:.3f}\\t{t[0]*1000:.3f}\\t{c[len(c)//2]*1000:.3f}\\t{c[0]*1000:.3f}\\t{sys.version.split()[0]}')\n";
            // CPython 3.12 is the reference (CODENODE_BENCH_PYTHON names another interpreter); python3 otherwise.
            string python = Environment.GetEnvironmentVariable("CODENODE_BENCH_PYTHON") is { Length: > 0 } chosen ? chosen
                : File.Exists("/root/.pyenv/versions/3.12.1/bin/python3") ? "/root/.pyenv/versions/3.12.1/bin/python3" : "python3";
            var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(script);
            psi.ArgumentList.Add(path);
            using var p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            var parts = output.Split('\t');
            return p.ExitCode == 0 && parts.Length == 5
                ? (parts[0] + " ms", parts[1] + " ms", parts[2] + " ms", parts[3] + " ms", "python " + parts[4])
                : ("failed", "", "failed", "", "python3 failed");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return ("n/a", "n/a", "n/a", "n/a", "python3 not available");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Parses every standard-library file (site-packages excluded) on one thread; MB/s of UTF-8 source.</summary>
    private static (int Files, double MB, double MedianRate, double BestRate)? StdlibThroughput(double seconds)
    {
        string? root = StdlibRoot();
        if (root == null) return null;
        var texts = new List<string>();
        long bytes = 0;
        foreach (var file in Directory.EnumerateFiles(root, "*.py", SearchOption.AllDirectories))
        {
            if (file.Contains("/site-packages/", StringComparison.Ordinal) || file.Contains("/dist-packages/", StringComparison.Ordinal)) continue;
            var data = File.ReadAllBytes(file);
            bytes += data.Length;
            texts.Add(Encoding.UTF8.GetString(data));
        }
        foreach (var t in texts) PythonParser.Parse(t); // warm-up pass
        var rates = new List<double>();
        var total = Stopwatch.StartNew();
        do
        {
            var sw = Stopwatch.StartNew();
            foreach (var t in texts) PythonParser.Parse(t);
            rates.Add(bytes / 1e6 / sw.Elapsed.TotalSeconds);
        }
        while (total.Elapsed.TotalSeconds < seconds * 2 || rates.Count < 3);
        rates.Sort();
        return (texts.Count, bytes / 1e6, rates[rates.Count / 2], rates[^1]);
    }

    private static string? StdlibRoot()
    {
        try
        {
            var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("import sysconfig; print(sysconfig.get_paths()['stdlib'])");
            using var p = Process.Start(psi)!;
            var s = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return p.ExitCode == 0 && Directory.Exists(s) ? s : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
