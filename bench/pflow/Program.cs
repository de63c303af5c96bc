// Measures the pflow dialect in steady state: a workflow of 20 code steps of 50 lines, one line edited per round,
// the whole workflow re-analysed (reader, template checks, every code step parsed and checked), as the server does
// on each didChange. Prints a Markdown section (for bench/run.sh) and, with --check, fails above the 10 ms target.
using System.Diagnostics;
using System.Text;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Dialects.Pflow;
using CodeNodeLsp.Text;

int steps = 20, lines = 50, rounds = 400, warmup = 100;
bool check = args.Contains("--check");
bool quick = args.Contains("--quick");
if (quick) { rounds = 100; warmup = 30; }

string text = Generate(steps, lines);
var dialect = new PflowDialect();
var timings = new List<double>(rounds);
int diagnostics = 0;
int editAt = text.IndexOf("total = 0", StringComparison.Ordinal);
for (int i = 0; i < warmup + rounds; i++)
{
    // Each round edits one line of the first code block to a text never seen before (as typing does), so that
    // block is parsed and bound anew; the 19 unchanged blocks come from the dialect's parse cache, as in the server.
    string edited = string.Concat(text.AsSpan(0, editAt), $"total = {i}", text.AsSpan(editAt + 9));
    var request = new AnalysisRequest
    {
        Path = "/ws/bench.pflow.md",
        Text = SourceText.From(edited),
        Context = NodeContext.ForDialect(DialectIds.Pflow, NodeLanguage.Markdown),
        WorkspaceRoot = "/ws",
    };
    long t0 = Stopwatch.GetTimestamp();
    var analysis = dialect.Analyze(request, CancellationToken.None);
    double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
    if (i >= warmup) timings.Add(ms);
    diagnostics = analysis.Diagnostics.Count;
}
if (args.Contains("--phases"))
{
    var ph = new double[5];
    for (int i = 0; i < 200; i++)
    {
        var st = SourceText.From(text);
        long a = Stopwatch.GetTimestamp();
        var wf = WorkflowReader.Read(st);
        long b = Stopwatch.GetTimestamp();
        var tp = WorkflowTemplates.Collect(wf);
        long c = Stopwatch.GetTimestamp();
        var dl = new List<Diagnostic>();
        WorkflowChecks.Run(wf, tp, dl);
        long d = Stopwatch.GetTimestamp();
        var req = new AnalysisRequest { Path = "/ws/b.pflow.md", Text = st, Context = NodeContext.ForDialect(DialectIds.Pflow, NodeLanguage.Markdown) };
        CodeSteps.Analyze(wf, tp, new WorkflowSamples(req, wf), AnalysisSettings.Default, dl, CancellationToken.None);
        long e = Stopwatch.GetTimestamp();
        foreach (var blk in wf.Steps) CodeNodeLsp.Syntax.Python.PythonParser.Parse(st.Text, blk.CodeBlock!.ContentSpan, new(CodeNodeLsp.Syntax.Python.PlaceholderSyntax.Pflow));
        long f = Stopwatch.GetTimestamp();
        if (i >= 50) { ph[0] += Stopwatch.GetElapsedTime(a, b).TotalMilliseconds; ph[1] += Stopwatch.GetElapsedTime(b, c).TotalMilliseconds; ph[2] += Stopwatch.GetElapsedTime(c, d).TotalMilliseconds; ph[3] += Stopwatch.GetElapsedTime(d, e).TotalMilliseconds; ph[4] += Stopwatch.GetElapsedTime(e, f).TotalMilliseconds; }
    }
    Console.Error.WriteLine($"reader {ph[0] / 150:F2} templates {ph[1] / 150:F2} checks {ph[2] / 150:F2} code {ph[3] / 150:F2} (parse only {ph[4] / 150:F2})");
}
timings.Sort();
double median = timings[timings.Count / 2], p95 = timings[(int)(timings.Count * 0.95)];
int totalLines = text.Split('\n').Length;
var sb = new StringBuilder();
sb.AppendLine("## pflow: diagnostics of a workflow with 20 code steps, recomputed after an edit");
sb.AppendLine();
sb.AppendLine($"`bench/pflow` (in-process, Release): a generated `.pflow.md` of {steps} code steps with {lines}-line Python blocks " +
              $"({totalLines} lines, {text.Length / 1024} KB), each fed by the previous step through `inputs` templates. Each round edits one " +
              $"line of the first block (a text never seen before) and runs `PflowDialect.Analyze` on the whole file: Markdown reader, YAML, " +
              $"template checks, the edited block parsed and bound anew, the 19 unchanged ones taken from the parse cache, every step checked; " +
              $"{warmup} warm-up rounds, then {rounds} timed.");
sb.AppendLine();
sb.AppendLine("| what | target | median ms | p95 ms | diagnostics |");
sb.AppendLine("|---|---|---:|---:|---:|");
sb.AppendLine($"| 20 code steps × 50 lines, re-analysis after an edit | ≤ 10 ms | {median:F2} | {p95:F2} | {diagnostics} |");
sb.AppendLine();
sb.AppendLine($"Machine load while measuring (1-minute load average, 2 cores): {File.ReadAllText("/proc/loadavg").Split(' ')[0]}.");
Console.Write(sb.ToString());
if (diagnostics != 0) { Console.Error.WriteLine("bench: the generated workflow should be clean"); return 2; }
return check && median > 10 ? 1 : 0;

static string Generate(int steps, int lines)
{
    var sb = new StringBuilder();
    sb.Append("# Benchmark workflow\n\nTwenty code steps in a chain.\n\n## Inputs\n\n### seed\n\nThe first list.\n\n- type: array\n\n## Steps\n\n");
    for (int s = 0; s < steps; s++)
    {
        string source = s == 0 ? "${seed}" : $"${{step-{s - 1}.result.items}}";
        sb.Append($"### step-{s}\n\nStep {s} of the chain.\n\n- type: code\n- timeout: 10\n- inputs:\n    items: {source}\n    factor: {s + 1}\n\n```python code\n");
        sb.Append("import json\nitems: list\nfactor: int\n");
        int body = lines - 5;
        sb.Append("total = 0\n");
        for (int i = 0; i < body - 1; i++)
        {
            sb.Append((i % 5) switch
            {
                0 => $"values_{i} = [x * factor for x in items if isinstance(x, int)]\n",
                1 => $"total += sum(values_{i - 1}) + {i}\n",
                2 => $"if total > {i * 10}:\n",
                3 => $"    total = total // 2 + len(json.dumps({{\"k\": {i}}}))\n",
                _ => $"label_{i} = f\"step {{factor}}: {{total}}\"\n",
            });
        }
        sb.Append("result: dict = {\"items\": [total, factor], \"count\": len(items)}\n```\n\n");
    }
    sb.Append("## Outputs\n\n### final\n\nThe last result.\n\n- source: ${step-" + (steps - 1) + ".result}\n");
    return sb.ToString();
}
