// Measures the Voxworks dialect as the server runs it on each didChange: a Code Step with one line edited per round
// is parsed and validated whole (VoxworksDialect.Analyze). Prints a Markdown section for bench/run.sh; with --check
// it exits 1 when a median misses its target (SPEC §6: 1,000 lines ≤ 5 ms, 10,000 lines ≤ 50 ms).
using System.Diagnostics;
using System.Globalization;
using System.Text;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Dialects.Voxworks;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

bool check = args.Contains("--check");
bool quick = args.Contains("--quick");
var context = new NodeContext
{
    Dialect = DialectIds.Voxworks,
    NodeId = "bench",
    Variables = new Dictionary<string, JToken?> { ["contact.email"] = "ada@example.com", ["custom.counter"] = 1 },
    Inputs = new Dictionary<string, JToken?> { ["input_1"] = "{\"status\": \"ok\"}" },
    Conditions = ["ok", "otherwise"],
};

var rows = new List<(int Lines, int Chars, double Target, double Median, double P95, double Validate, int Diagnostics)>();
foreach (var (lines, target) in new[] { (1000, 5.0), (10000, 50.0) })
{
    int rounds = quick ? 40 : lines >= 10000 ? 100 : 400;
    int warmup = quick ? 10 : rounds / 4;
    string text = Step(lines);
    int editAt = text.IndexOf("total = 0", StringComparison.Ordinal);
    var dialect = new VoxworksDialect();
    var total = new List<double>(rounds);
    var validateOnly = new List<double>(rounds);
    int diagnostics = 0;
    for (int i = 0; i < warmup + rounds; i++)
    {
        // Each round types a new value into the first line of run(), so nothing can be served from a cache.
        string edited = string.Concat(text.AsSpan(0, editAt), "total = " + i.ToString(CultureInfo.InvariantCulture), text.AsSpan(editAt + 9));
        var request = new AnalysisRequest { Path = "/ws/bench.py", Text = SourceText.From(edited), Context = context };
        long t0 = Stopwatch.GetTimestamp();
        var analysis = dialect.Analyze(request, CancellationToken.None);
        double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;

        // The validator alone, on the parse the analysis already made: the share of the time that is Voxworks' own.
        var parse = ((VoxworksAnalysis)analysis).Validation.Parse;
        long t1 = Stopwatch.GetTimestamp();
        VoxworksValidator.Validate(parse, context);
        double vms = Stopwatch.GetElapsedTime(t1).TotalMilliseconds;
        if (i >= warmup) { total.Add(ms); validateOnly.Add(vms); }
        diagnostics = analysis.Diagnostics.Count;
    }
    total.Sort();
    validateOnly.Sort();
    rows.Add((lines, text.Length, target, total[total.Count / 2], total[(int)(total.Count * 0.95)], validateOnly[validateOnly.Count / 2], diagnostics));
}

var sb = new StringBuilder();
sb.AppendLine("## Voxworks: diagnostics of a Code Step, recomputed after an edit");
sb.AppendLine();
sb.AppendLine("`bench/voxworks` (in-process, Release): a generated `def run():` step of realistic lines (placeholders, helpers, " +
              "allowed methods, `if`/`for`, a counter). Each round edits one line and runs `VoxworksDialect.Analyze` (parse with " +
              "Voxworks placeholders, then the deny-by-default validator, placeholder and return checks); \"validator\" is the " +
              "validator alone on that parse.");
sb.AppendLine();
sb.AppendLine("| what | target | median ms | p95 ms | validator median ms | diagnostics |");
sb.AppendLine("|---|---|---:|---:|---:|---:|");
foreach (var r in rows)
    sb.AppendLine($"| {r.Lines:N0}-line step ({r.Chars / 1024} KB) | ≤ {r.Target:0} ms | {r.Median:F2} | {r.P95:F2} | {r.Validate:F2} | {r.Diagnostics} |");
sb.AppendLine();
sb.AppendLine($"Machine load while measuring (1-minute load average, 2 cores): {File.ReadAllText("/proc/loadavg").Split(' ')[0]}.");
Console.Write(sb.ToString());
if (rows.Any(r => r.Diagnostics != 0)) { Console.Error.WriteLine("bench: the generated step should be clean"); return 2; }
return check && rows.Any(r => r.Median > r.Target) ? 1 : 0;

// A clean step of about the given number of lines, built from complete blocks so every if/for has its body.
static string Step(int lines)
{
    string[] block =
    [
        "    email = coalesce({{contact.email}}, \"\").strip().lower()",
        "    if email.endswith(\".com\") and is_not_empty({{custom.counter}}):",
        "        total = total + len(email.split(\"@\"))",
        "    data = json_loads(input_1)",
        "    status = str(data.get(\"status\", \"\")).upper()",
        "    {{custom.counter}} = {{custom.counter}} + 1",
        "    for part in email.split(\".\"):",
        "        print(\"part:\", part, sep=\" \")",
        "    flag = regex_match(\"^a\", email) or total > 3",
    ];
    var sb = new StringBuilder("def run():\n    total = 0\n");
    for (int n = 3; n + block.Length <= lines; n += block.Length)
        foreach (var line in block) sb.Append(line).Append('\n');
    sb.Append("    return total > 0 and flag\n");
    return sb.ToString();
}
