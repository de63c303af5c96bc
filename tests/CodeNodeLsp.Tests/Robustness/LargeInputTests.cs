// Huge and deep inputs (a 10 MB file, 100,000 nested brackets, a 1 MB line) finish, keep the invariants and take work linear in their size.
using System.Text;
using Xunit.Abstractions;

namespace CodeNodeLsp.Tests.Robustness;

/// <summary>These allocate hundreds of megabytes each, so they run alone rather than beside every other test.</summary>
[CollectionDefinition(nameof(LargeInputTests), DisableParallelization = true)]
public sealed class LargeInputCollection;

[Collection(nameof(LargeInputTests))]
public class LargeInputTests(ITestOutputHelper output)
{
    /// <summary>The targets that read whole documents: the parser and each dialect with a full context.</summary>
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        var targets = FuzzTargets.All.Where(t => t.Name == "python-parser" || (t.Name.StartsWith("dialect-", StringComparison.Ordinal) && !t.Name.EndsWith("-pragma-only", StringComparison.Ordinal)));
        foreach (var t in targets)
            foreach (var shape in Shapes.Keys)
                data.Add(t.Name, shape);
        return data;
    }

    /// <summary>
    /// The 10 MB file is the slow one (seconds per dialect); CI runs it at full size, a developer's plain
    /// <c>dotnet test</c> at a quarter (the time limit is relative, so the check is the same).
    /// </summary>
    private static readonly int FileDivisor = Environment.GetEnvironmentVariable("CI") == "true" ? 1 : 4;

    /// <summary>Each shape at a scale: the scale-1 input is the one SPEC §7 names, scale 10 means a tenth of it.</summary>
    private static readonly Dictionary<string, Func<int, string>> Shapes = new()
    {
        ["10 MB file"] = div => RepeatedCode(10_000_000 / FileDivisor / div),
        ["100,000 nested brackets"] = div => "x = " + Brackets(100_000 / div, closed: true) + "\n",
        ["100,000 unclosed brackets"] = div => "x = " + Brackets(100_000 / div, closed: false) + "\n",
        ["1 MB single line"] = div => "total = " + string.Concat(Enumerable.Repeat("value + ", 1_000_000 / 8 / div)) + "1\n",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void HugeInput_FinishesWithLinearWork(string targetName, string shape)
    {
        var target = FuzzTargets.Get(targetName);
        // Each run gets a text of its own (a different first line): analyses cache by text, and a cache hit would
        // make the small run look cheap and every large one look quadratic.
        string Make(int div, int run) => Wrap(targetName, $"first_{run} = {run}\n" + Shapes[shape](div));
        string large = Make(1, 2);
        string small = Make(10, 1);

        // A small run first, so one-time work (caches, tables) is not counted against the measured ones.
        Assert.Null(Measure(target, Make(10, 0)).Problem);
        var (smallProblem, smallBytes) = Measure(target, small);
        Assert.Null(smallProblem);
        var (problem, largeBytes) = Measure(target, large);
        output.WriteLine($"{targetName}, {shape}: {small.Length:N0} chars allocated {smallBytes:N0} bytes, {large.Length:N0} chars allocated {largeBytes:N0} bytes");
        Assert.Null(problem);

        // Work is counted as bytes allocated by the analysing thread, which a busy machine does not change (a clock
        // would). Ten times the input may cost ten times as much; three times that (plus 64 MB of fixed costs) still
        // separates linear from quadratic work, which would cost about a hundred times as much.
        double limit = 3 * 10 * (double)smallBytes * large.Length / (10.0 * small.Length) + 64 * 1024 * 1024;
        Assert.True(largeBytes <= limit, $"{shape}: {largeBytes:N0} bytes for {large.Length:N0} chars, but {smallBytes:N0} for {small.Length:N0}: not linear (limit {limit:N0})");
    }

    /// <summary>Runs one case on its own thread (the default stack, like the server's workers) and counts what it allocated.</summary>
    private static (string? Problem, long Bytes) Measure(FuzzTarget target, string input)
    {
        string? problem = null;
        long bytes = 0;
        var thread = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                var broken = target.Check(input).Take(3).ToList();
                if (broken.Count > 0) problem = string.Join("; ", broken);
            }
            catch (Exception e)
            {
                problem = $"{e.GetType().Name} escaped: {e.Message}\n{e.StackTrace}";
            }
            bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        thread.Start();
        thread.Join();
        return (problem, bytes);
    }

    /// <summary>Puts Python where each dialect reads it: a pflow code block, a Voxworks run() body, a Stack AI module.</summary>
    private static string Wrap(string target, string python)
    {
        if (target.Contains("pflow", StringComparison.Ordinal))
            return "# Big\n\nA workflow.\n\n## Steps\n\n### big\n\nBig code.\n\n- type: code\n- inputs:\n    value: 1\n\n```python code\nvalue: int\n" +
                   python + "result: dict = {}\n```\n";
        if (target.Contains("voxworks", StringComparison.Ordinal))
            return "def run():\n" + Indent(python) + "    return True\n";
        if (target.Contains("-ts", StringComparison.Ordinal))
            return "export function main(args: any) {\n  const value = 1;\n" + python.Replace("x = ", "const x = ").Replace("total = ", "const total = ") + "  return {};\n}\n";
        return python + "\ndef main(args):\n    return {}\n";
    }

    private static string Indent(string text)
    {
        var sb = new StringBuilder(text.Length + text.Length / 8);
        foreach (var line in text.Split('\n')) if (line.Length > 0) sb.Append("    ").Append(line).Append('\n');
        return sb.ToString();
    }

    private static string Brackets(int depth, bool closed)
    {
        var sb = new StringBuilder(depth * 2 + 2);
        const string open = "([{";
        for (int i = 0; i < depth; i++) sb.Append(open[i % 3]);
        sb.Append('1');
        if (closed) for (int i = depth - 1; i >= 0; i--) sb.Append(")]}"[i % 3]);
        return sb.ToString();
    }

    /// <summary>Ordinary code (functions, loops, comprehensions, strings) repeated with fresh names up to a size.</summary>
    private static string RepeatedCode(int size)
    {
        var sb = new StringBuilder(size + 512);
        for (int i = 0; sb.Length < size; i++)
        {
            sb.Append("def helper_").Append(i).Append("(rows, scale=1.0):\n")
              .Append("    out = [r for r in rows if r.get(\"amount\", 0) > ").Append(i % 97).Append("]\n")
              .Append("    for key, value in dict(out[0] if out else {}).items():\n")
              .Append("        print(f\"{key}={value!r} ({scale:.2f})\")\n")
              .Append("    return {\"n\": len(out), \"label\": 'helper ").Append(i).Append("'}\n\n")
              .Append("value_").Append(i).Append(" = helper_").Append(i).Append("([{\"amount\": value}], scale=").Append(i % 7).Append(".5)\n");
        }
        return sb.ToString();
    }
}
