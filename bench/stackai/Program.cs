// Measures the Stack AI dialect in steady state: a generated Python and a TypeScript node of 1,000 and 10,000 lines,
// one line edited per round, the whole file re-analysed (parse or outline, contract, returns, args keys, imports),
// as the server does on each didChange. Prints a Markdown section and, with --check, fails above the targets.
using System.Diagnostics;
using System.Text;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Dialects.StackAi;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

bool check = args.Contains("--check");
if (args.Contains("--phases"))
{
    // CPU time per call (all threads of the process, so GC is included), which the machine's load distorts less
    // than wall-clock time: the parse alone, then the whole analysis; the difference is the dialect's own work.
    foreach (var language in new[] { NodeLanguage.Python, NodeLanguage.TypeScript })
    {
        foreach (int n in new[] { 1_000, 10_000 })
        {
            string text = language == NodeLanguage.Python ? GeneratePython(n) : GenerateTypeScript(n);
            var request = new AnalysisRequest
            {
                Path = "/ws/bench",
                Text = SourceText.From(text),
                Context = new NodeContext { Dialect = DialectIds.StackAi, Language = language, NodeId = "bench" },
            };
            int reps = n > 1_000 ? 20 : 200;
            double Cpu(Action action)
            {
                for (int i = 0; i < reps / 4; i++) action();
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                for (int i = 0; i < reps; i++) action();
                return (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds / reps;
            }
            double parse = language == NodeLanguage.Python
                ? Cpu(() => CodeNodeLsp.Syntax.Python.PythonParser.Parse(text))
                : Cpu(() => CodeNodeLsp.Syntax.TypeScript.TsOutlineParser.Parse(text));
            double all = Cpu(() => new StackAiDialect().Analyze(request, CancellationToken.None));
            string lex = language == NodeLanguage.TypeScript ? $", tokenizer alone {Cpu(() => CodeNodeLsp.Syntax.TypeScript.TsLexer.Tokenize(text)):F2} ms CPU" : "";
            Console.Error.WriteLine($"{language} {n} lines: parse {parse:F2} ms CPU{lex}, whole analysis {all:F2} ms CPU");
        }
    }
}
bool quick = args.Contains("--quick");
var rows = new List<(string What, double Target, double Median, double P95, int Diagnostics, int Lines, int Kb)>();
foreach (var language in new[] { NodeLanguage.Python, NodeLanguage.TypeScript })
{
    foreach (int lines in new[] { 1_000, 10_000 })
    {
        int rounds = lines > 1_000 ? (quick ? 20 : 60) : (quick ? 100 : 400);
        int warmup = lines > 1_000 ? 10 : (quick ? 30 : 100);
        var (median, p95, diagnostics, text) = Measure(language, lines, rounds, warmup);
        rows.Add(($"{(language == NodeLanguage.Python ? "Python" : "TypeScript")} node, {lines:N0} lines", lines > 1_000 ? 50 : 5, median, p95, diagnostics, text.Split('\n').Length, text.Length / 1024));
    }
}

var sb = new StringBuilder();
sb.AppendLine("## Stack AI: diagnostics of one node recomputed after an edit");
sb.AppendLine();
sb.AppendLine("`bench/stackai` (in-process, Release): generated Stack AI nodes with helper functions and a long `main` reading " +
              "`args[...]`, importing declared packages, returning a dict on every path. Each round edits one line (a text never seen " +
              "before) and runs `StackAiDialect.Analyze` on the whole file: Python parse or TypeScript tokenize and outline, the main " +
              "contract, every return, the fall-off check, args keys against the upstream ids, imports against the dependencies.");
sb.AppendLine();
sb.AppendLine("| what | target | median ms | p95 ms | diagnostics |");
sb.AppendLine("|---|---|---:|---:|---:|");
foreach (var r in rows)
    sb.AppendLine($"| {r.What} ({r.Kb} KB) | ≤ {r.Target} ms | {r.Median:F2} | {r.P95:F2} | {r.Diagnostics} |");
sb.AppendLine();
sb.AppendLine($"Machine load while measuring (1-minute load average, 2 cores): {File.ReadAllText("/proc/loadavg").Split(' ')[0]}.");
Console.Write(sb.ToString());
if (rows.Any(r => r.Diagnostics != 0)) { Console.Error.WriteLine("bench: the generated nodes should be clean"); return 2; }
return check && rows.Any(r => r.Median > r.Target) ? 1 : 0;

static (double Median, double P95, int Diagnostics, string Text) Measure(NodeLanguage language, int lines, int rounds, int warmup)
{
    string text = language == NodeLanguage.Python ? GeneratePython(lines) : GenerateTypeScript(lines);
    string marker = language == NodeLanguage.Python ? "total = 0" : "let total = 0";
    int editAt = text.IndexOf(marker, StringComparison.Ordinal) + marker.Length - 1;
    var dialect = new StackAiDialect();
    var context = new NodeContext
    {
        Dialect = DialectIds.StackAi,
        Language = language,
        NodeId = "bench",
        Upstream = new Dictionary<string, JToken?> { ["in-0"] = "text", ["llm-0"] = new JObject { ["score"] = 0.5 } },
        Dependencies = language == NodeLanguage.Python ? ["requests==2.31.0", "PyYAML>=6"] : ["lodash@4.17.21"],
    };
    var timings = new List<double>(rounds);
    int diagnostics = 0;
    for (int i = 0; i < warmup + rounds; i++)
    {
        string edited = string.Concat(text.AsSpan(0, editAt), i.ToString(System.Globalization.CultureInfo.InvariantCulture), text.AsSpan(editAt + 1));
        var request = new AnalysisRequest { Path = "/ws/bench", Text = SourceText.From(edited), Context = context };
        long t0 = Stopwatch.GetTimestamp();
        var analysis = dialect.Analyze(request, CancellationToken.None);
        double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        if (i >= warmup) timings.Add(ms);
        diagnostics = analysis.Diagnostics.Count;
        if (diagnostics != 0 && i == 0)
            foreach (var d in analysis.Diagnostics.Take(5)) Console.Error.WriteLine($"{language}: {d.Code} {d.Message} at {d.Span}");
    }
    timings.Sort();
    return (timings[timings.Count / 2], timings[(int)(timings.Count * 0.95)], diagnostics, text);
}

static string GeneratePython(int lines)
{
    var sb = new StringBuilder("import json\nimport re\nimport requests\nimport yaml\n\nPATTERN = re.compile(r\"\\d+\")\n\n");
    int helpers = Math.Max(1, lines / 50);
    for (int h = 0; h < helpers - 1; h++)
    {
        sb.Append($"def helper_{h}(items, factor={h}):\n    \"\"\"Helper {h}.\"\"\"\n    out = []\n");
        for (int i = 0; i < 40; i++)
            sb.Append((i % 4) switch
            {
                0 => $"    for x in items[{i}:]:\n",
                1 => $"        if isinstance(x, int) and x > {i}:\n",
                2 => $"            out.append({{\"v\": x * factor, \"k\": \"{i}\"}})\n",
                _ => $"    out = [o for o in out if o[\"v\"] != {i}]\n",
            });
        sb.Append("    return out\n\n\n");
    }
    sb.Append("def main(args):\n    text = args[\"in-0\"]\n    score = args.get(\"llm-0\", {}).get(\"score\", 0)\n    total = 0\n");
    int body = Math.Max(10, lines - sb.ToString().Split('\n').Length - 4);
    for (int i = 0; i < body; i++)
        sb.Append((i % 6) switch
        {
            0 => $"    values_{i} = [len(w) for w in text.split() if w]\n",
            1 => $"    total += sum(values_{i - 1}) + {i}\n",
            2 => $"    if total > {i * 10}:\n",
            3 => $"        return {{\"total\": total, \"score\": score, \"n\": {i}}}\n",
            4 => $"    label_{i} = f\"step {{score}}: {{total}}\" + json.dumps({{\"i\": {i}}})\n",
            _ => $"    data_{i} = yaml.safe_load(\"a: {i}\") or {{}}\n",
        });
    sb.Append("    return {\"total\": total, \"score\": score, \"page\": requests.__name__}\n");
    return sb.ToString();
}

static string GenerateTypeScript(int lines)
{
    var sb = new StringBuilder("import _ from \"lodash\";\nimport { createHash } from \"node:crypto\";\n\n");
    int helpers = Math.Max(1, lines / 50);
    for (int h = 0; h < helpers - 1; h++)
    {
        sb.Append($"function helper{h}(items: number[], factor: number = {h}): Record<string, number>[] {{\n  const out: Record<string, number>[] = [];\n");
        for (int i = 0; i < 40; i++)
            sb.Append((i % 4) switch
            {
                0 => $"  for (const x of items.slice({i})) {{\n",
                1 => $"    if (x > {i} && /\\d+/.test(`${{x}}`)) out.push({{ v: x * factor / 2, k: {i} }});\n",
                2 => "  }\n",
                _ => $"  const filtered{i} = out.filter((o) => o.v !== {i});\n",
            });
        sb.Append("  return out;\n}\n\n");
    }
    sb.Append("export async function main(args: Record<string, any>) {\n  const text: string = args[\"in-0\"];\n  const score = args[\"llm-0\"]?.score ?? 0;\n  let total = 0;\n");
    int body = Math.Max(10, lines - sb.ToString().Split('\n').Length - 4);
    for (int i = 0; i < body; i++)
        sb.Append((i % 6) switch
        {
            0 => $"  const values{i} = text.split(/\\s+/).map((w) => w.length);\n",
            1 => $"  total += _.sum(values{i - 1}) + {i};\n",
            2 => $"  if (total > {i * 10}) {{\n",
            3 => $"    return {{ total, score, n: {i}, hash: createHash(\"sha1\").update(`${{total}}`).digest(\"hex\") }};\n",
            4 => "  }\n",
            _ => $"  const label{i} = `step ${{score}}: ${{total / 2}}`;\n",
        });
    sb.Append("  return { total, score };\n}\n");
    return sb.ToString();
}
