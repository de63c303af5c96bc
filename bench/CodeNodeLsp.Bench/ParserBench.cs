// Steady-state timing of PythonParser.Parse on a generated 1,000-line code node and on the whole standard library.
using System.Diagnostics;
using System.Text;
using CodeNodeLsp.Syntax.Python;

namespace CodeNodeLsp.Bench;

public static class ParserBench
{
    public static int Run(string[] args)
    {
        int lines = 1000;
        double seconds = 3;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--lines") lines = int.Parse(args[i + 1]);
            else if (args[i] == "--seconds") seconds = double.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
        }

        string node = CodeNodeGenerator.Generate(lines);
        var check = PythonParser.Parse(node);
        if (check.Errors.Count > 0)
        {
            Console.Error.WriteLine($"generated node does not parse: {check.Errors[0].Message} at {check.Errors[0].Span}");
            return 1;
        }
        Console.WriteLine($"code node: {lines} lines, {Encoding.UTF8.GetByteCount(node) / 1024.0:F1} KB");

        var (median, min) = Steady(() => PythonParser.Parse(node), seconds);
        Console.WriteLine($"  codenode parse:      median {median:F3} ms, min {min:F3} ms  (steady state, one thread)");
        var (lexMedian, _) = Steady(() => PythonLexer.Tokenize(node), seconds / 2);
        Console.WriteLine($"  codenode tokenize:   median {lexMedian:F3} ms");
        var (bindMedian, _) = Steady(() => Binder.Bind(check.Module), seconds / 2);
        Console.WriteLine($"  codenode bind:       median {bindMedian:F3} ms");
        string cpython = CPythonTiming(node);
        Console.WriteLine($"  CPython ast.parse:   {cpython}");

        StdlibThroughput(seconds);
        return 0;
    }

    /// <summary>Runs <paramref name="work"/> until timings settle (warm-up, then <paramref name="seconds"/> of samples).</summary>
    private static (double MedianMs, double MinMs) Steady(Action work, double seconds)
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

    private static string CPythonTiming(string node)
    {
        string path = Path.Combine(Path.GetTempPath(), $"codenode-bench-{Environment.ProcessId}.py");
        File.WriteAllText(path, node);
        try
        {
            const string script = "import ast, sys, timeit\n"
                + "src = open(sys.argv[1]).read()\n"
                + "t = sorted(timeit.repeat(lambda: ast.parse(src), number=1, repeat=60))\n"
                + "print(f'median {t[len(t)//2]*1000:.3f} ms, min {t[0]*1000:.3f} ms  ({sys.version.split()[0]})')\n";
            var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(script);
            psi.ArgumentList.Add(path);
            using var p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return p.ExitCode == 0 ? output : "python3 failed: " + p.StandardError.ReadToEnd();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return "python3 not available: " + e.Message;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Parses every standard-library file (site-packages excluded) on one thread and reports MB/s.</summary>
    private static void StdlibThroughput(double seconds)
    {
        string? root = StdlibRoot();
        if (root == null)
        {
            Console.WriteLine("stdlib: python3 not available, skipped");
            return;
        }
        var texts = new List<string>();
        long bytes = 0;
        foreach (var file in Directory.EnumerateFiles(root, "*.py", SearchOption.AllDirectories))
        {
            if (file.Contains("/site-packages/", StringComparison.Ordinal) || file.Contains("/dist-packages/", StringComparison.Ordinal)) continue;
            var data = File.ReadAllBytes(file);
            bytes += data.Length;
            texts.Add(Encoding.UTF8.GetString(data));
        }
        Console.WriteLine($"stdlib: {texts.Count} files, {bytes / 1e6:F1} MB under {root}");
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
        Console.WriteLine($"  codenode parse:      median {rates[rates.Count / 2]:F1} MB/s, best {rates[^1]:F1} MB/s  ({rates.Count} passes, one thread)");
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
