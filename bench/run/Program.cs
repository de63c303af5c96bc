// Measures a run of a trivial node three ways, side by side on one machine: `python3 node.py` through PATH (the
// reference: what running the file by hand costs), the warm runner in process, and `codenode.run` sent to the real
// server over stdio (end to end, as the editor sees it). Prints a Markdown section (for bench/run.sh); --check exits 1
// when the server's median is above the 10 ms target (SPEC §6).
using System.Diagnostics;
using System.Globalization;
using System.Text;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Run;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

int runs = args.Contains("--quick") ? 15 : 40;
bool check = args.Contains("--check");
// A pause between runs, as between a user's clicks: the runner starts the next waiting interpreter meanwhile.
const int PauseMs = 300;

var ws = Directory.CreateTempSubdirectory("codenode-run-bench-").FullName;
const string Code = "def main(args):\n    return {\"ok\": True, \"n\": len(args)}\n";
File.WriteAllText(Path.Combine(ws, "node.py"), Code);
File.WriteAllText(Path.Combine(ws, "node_ref.py"), Code + "\nimport json\nprint(json.dumps(main({})))\n");
File.WriteAllText(Path.Combine(ws, "codenode.json"), "{\"nodes\": {\"trivial\": {\"dialect\": \"stackai\", \"file\": \"node.py\"}}}");
Directory.CreateDirectory(Path.Combine(ws, ".codenode"));

if (args.Contains("--phases"))
{
    await Phases(ws, runs);
    return 0;
}

try
{
    var viaPath = Spawns("python3", Path.Combine(ws, "node_ref.py"), ws, runs);
    var real = RealPython();
    var direct = Spawns(real, Path.Combine(ws, "node_ref.py"), ws, runs);
    var inProcess = await InProcess(ws, runs);
    var withWorkspace = await InProcessWithWorkspace(ws, runs);
    var server = await ViaServer(ws, runs);

    double target = 10, reference = Median(viaPath);
    var sb = new StringBuilder();
    sb.Append("## Run: a trivial node, warm server, end to end\n\n");
    sb.Append("`bench/run` (Release): a Stack AI node `def main(args): return {...}`, run ").Append(runs)
      .Append(" times with a ").Append(PauseMs).Append(" ms pause between runs (the runner starts the next waiting interpreter in that time). ")
      .Append("The reference is the same code run as `python3 node_ref.py` (it prints the result), started the way a terminal does. ")
      .Append("\"server\" sends `workspace/executeCommand` `codenode.run` to `codenode lsp` over stdio and waits for the answer, so it includes ")
      .Append("JSON-RPC, reading the file and manifest, the run, recording the sample and the reply.\n\n");
    sb.Append("| what | median ms | p90 ms | min ms | vs `python3 node.py` |\n|---|---:|---:|---:|---:|\n");
    Row(sb, "`python3 node_ref.py` via PATH (pyenv shim)", viaPath, reference);
    Row(sb, $"`{real} node_ref.py` (the real binary)", direct, reference);
    Row(sb, "warm runner, in process (`NodeRunner.RunAsync`)", inProcess, reference);
    Row(sb, "warm runner + workspace, in process (read file and manifest, run, record the sample)", withWorkspace, reference);
    Row(sb, $"`codenode.run` via the server (target ≤ {target} ms)", server, reference);
    sb.Append('\n').Append("Machine load while measuring (1-minute load average, 2 cores): ").Append(LoadAverage()).Append(".\n");
    Console.Out.Write(sb.ToString());
    if (check && Median(server) > target)
    {
        Console.Error.WriteLine($"run bench: server median {Median(server):F2} ms is above the {target} ms target");
        return 1;
    }
    return 0;
}
finally
{
    Cleanup.WaitAll(TimeSpan.FromSeconds(5));
    try { Directory.Delete(ws, recursive: true); } catch (IOException) { }
}

static List<double> Spawns(string program, string script, string cwd, int runs)
{
    var times = new List<double>();
    for (int i = 0; i < runs + 3; i++)
    {
        var psi = new ProcessStartInfo(program) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        var t0 = Stopwatch.GetTimestamp();
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        if (!output.Contains("\"ok\": true")) throw new InvalidOperationException("reference run failed: " + output);
        if (i >= 3) times.Add(ms);
        Thread.Sleep(PauseMs / 3);
    }
    return times;
}

static string RealPython()
{
    var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, UseShellExecute = false };
    psi.ArgumentList.Add("-c");
    psi.ArgumentList.Add("import sys; print(sys.executable)");
    using var p = Process.Start(psi)!;
    var path = p.StandardOutput.ReadToEnd().Trim();
    p.WaitForExit();
    return path;
}

static async Task<List<double>> InProcess(string ws, int runs)
{
    using var runner = new NodeRunner(new RunSettings { KeepWarm = true });
    runner.Prewarm();
    await Task.Delay(1000);
    var target = new RunTarget
    {
        Path = Path.Combine(ws, "node.py"),
        Text = SourceText.From(Code),
        Context = new NodeContext { Dialect = DialectIds.StackAi, NodeId = "trivial" },
        WorkspaceRoot = ws,
    };
    var times = new List<double>();
    for (int i = 0; i < runs + 3; i++)
    {
        await Task.Delay(PauseMs);
        var t0 = Stopwatch.GetTimestamp();
        var outcome = await runner.RunAsync(target);
        var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        if (!outcome.Result.Ok) throw new InvalidOperationException("in-process run failed: " + outcome.Result.Error);
        if (i >= 3) times.Add(ms);
    }
    return times;
}

static async Task<List<double>> InProcessWithWorkspace(string ws, int runs)
{
    using var runner = new NodeRunner(new RunSettings { KeepWarm = true });
    runner.Prewarm();
    await Task.Delay(1000);
    var times = new List<double>();
    for (int i = 0; i < runs + 3; i++)
    {
        await Task.Delay(PauseMs);
        var t0 = Stopwatch.GetTimestamp();
        var workspace = new CodeNodeLsp.Workspace.CodeNodeWorkspace();
        var doc = workspace.LoadFile(Path.Combine(ws, "node.py"));
        var (target, refusal) = RunDocuments.TargetFor(doc, null, null, null);
        if (target == null) throw new InvalidOperationException(refusal!.Error);
        var outcome = await runner.RunAsync(target);
        var result = RunDocuments.Record(workspace, target, outcome);
        var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        if (!result.Ok) throw new InvalidOperationException("run failed: " + result.Error);
        if (i >= 3) times.Add(ms);
    }
    return times;
}

// Where the time of a run with the workspace goes (stderr), to see what a server-side run adds to the bare runner.
static async Task Phases(string ws, int runs)
{
    using var runner = new NodeRunner(new RunSettings { KeepWarm = true });
    runner.Prewarm();
    await Task.Delay(1000);
    var workspace = new CodeNodeLsp.Workspace.CodeNodeWorkspace();
    var load = new List<double>(); var run = new List<double>(); var record = new List<double>();
    for (int i = 0; i < runs + 3; i++)
    {
        await Task.Delay(PauseMs);
        long t0 = Stopwatch.GetTimestamp();
        var doc = workspace.LoadFile(Path.Combine(ws, "node.py"));
        var (target, _) = RunDocuments.TargetFor(doc, null, null, null);
        long t1 = Stopwatch.GetTimestamp();
        var outcome = await runner.RunAsync(target!);
        long t2 = Stopwatch.GetTimestamp();
        RunDocuments.Record(workspace, target!, outcome);
        long t3 = Stopwatch.GetTimestamp();
        if (i < 3) continue;
        load.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
        run.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
        record.Add(Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds);
    }
    Console.Error.WriteLine($"load+target median {Median(load):F2} ms, run {Median(run):F2} ms, record {Median(record):F2} ms (min {load.Min():F2} / {run.Min():F2} / {record.Min():F2})");
}

static async Task<List<double>> ViaServer(string ws, int runs)
{
    var dll = typeof(NodeRunner).Assembly.Location;
    var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = ws };
    psi.ArgumentList.Add(dll);
    psi.ArgumentList.Add("lsp");
    using var server = Process.Start(psi)!;
    _ = server.StandardError.ReadToEndAsync();
    var lsp = new LspPipe(server.StandardInput.BaseStream, server.StandardOutput.BaseStream);
    var root = new Uri(ws + "/").AbsoluteUri;
    await lsp.Request("initialize", new JObject { ["processId"] = Environment.ProcessId, ["rootUri"] = root, ["capabilities"] = new JObject(),
        ["workspaceFolders"] = new JArray(new JObject { ["uri"] = root, ["name"] = "bench" }) });
    lsp.Notify("initialized", new JObject());
    await Task.Delay(1500);
    var command = new JObject { ["command"] = "codenode.run", ["arguments"] = new JArray(new JObject { ["path"] = Path.Combine(ws, "node.py") }) };
    var times = new List<double>();
    for (int i = 0; i < runs + 3; i++)
    {
        await Task.Delay(PauseMs);
        var t0 = Stopwatch.GetTimestamp();
        var result = await lsp.Request("workspace/executeCommand", command);
        var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        if (result?["ok"]?.Value<bool>() != true) throw new InvalidOperationException("server run failed: " + result);
        if (i >= 3) times.Add(ms);
    }
    await lsp.Request("shutdown", null);
    lsp.Notify("exit", null);
    if (!server.WaitForExit(5000)) server.Kill(entireProcessTree: true);
    return times;
}

static double Median(List<double> xs) => Percentile(xs, 0.5);

static double Percentile(List<double> xs, double p)
{
    var s = xs.Order().ToList();
    double rank = p * (s.Count - 1);
    int lo = (int)Math.Floor(rank), hi = (int)Math.Ceiling(rank);
    return s[lo] + (s[hi] - s[lo]) * (rank - lo);
}

static void Row(StringBuilder sb, string what, List<double> xs, double reference)
{
    string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
    double median = Median(xs);
    sb.Append("| ").Append(what).Append(" | ").Append(F(median)).Append(" | ").Append(F(Percentile(xs, 0.9))).Append(" | ").Append(F(xs.Min()))
      .Append(" | ").Append(median == reference ? "reference" : median <= reference ? $"{(reference / median).ToString("0.0", CultureInfo.InvariantCulture)}× faster" : $"{(median / reference).ToString("0.0", CultureInfo.InvariantCulture)}× slower").Append(" |\n");
}

static string LoadAverage()
{
    try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
    catch (IOException) { return "unknown"; }
}

/// <summary>Just enough of an LSP client: Content-Length framing, requests matched by id, server requests answered with null.</summary>
sealed class LspPipe
{
    private readonly Stream _in;
    private readonly Stream _out;
    private int _nextId;

    public LspPipe(Stream input, Stream output)
    {
        _in = input;
        _out = output;
    }

    public void Notify(string method, JToken? parameters) => Send(new JObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    public async Task<JToken?> Request(string method, JToken? parameters)
    {
        int id = ++_nextId;
        Send(new JObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        while (true)
        {
            var message = await Read();
            if (message["method"] != null && message["id"] != null)
            {
                // A request from the server (configuration, progress creation): answer it so nothing waits.
                Send(new JObject { ["jsonrpc"] = "2.0", ["id"] = message["id"], ["result"] = null });
                continue;
            }
            if (message["id"]?.Type == JTokenType.Integer && (int)message["id"]! == id)
            {
                if (message["error"] != null) throw new InvalidOperationException(method + " failed: " + message["error"]);
                return message["result"];
            }
        }
    }

    private void Send(JObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToString(Newtonsoft.Json.Formatting.None));
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        _in.Write(header);
        _in.Write(body);
        _in.Flush();
    }

    private async Task<JObject> Read()
    {
        int length = -1;
        while (true)
        {
            var line = await ReadLine();
            if (line.Length == 0) break;
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) length = int.Parse(line[15..].Trim(), CultureInfo.InvariantCulture);
        }
        var body = new byte[length];
        int read = 0;
        while (read < length)
        {
            int n = await _out.ReadAsync(body.AsMemory(read));
            if (n == 0) throw new EndOfStreamException("the server closed its output");
            read += n;
        }
        return JObject.Parse(Encoding.UTF8.GetString(body));
    }

    private async Task<string> ReadLine()
    {
        var sb = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            int n = await _out.ReadAsync(one);
            if (n == 0) throw new EndOfStreamException("the server closed its output");
            if (one[0] == '\n') return sb.ToString().TrimEnd('\r');
            sb.Append((char)one[0]);
        }
    }
}
