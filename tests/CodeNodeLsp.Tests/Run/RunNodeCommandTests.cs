// codenode.run through the real language server: the open buffer runs, progress is reported, samples are recorded,
// a runtime error becomes RT001 on its line until the next edit, cancellation stops the run, untrusted refuses.
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Run;
using CodeNodeLsp.Tests.Support;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Run;

public sealed class RunNodeCommandTests
{
    private const string Manifest = """
        {"nodes": {"adder": {"dialect": "stackai", "file": "node.py", "upstream": {"in-0": 20}}}}
        """;

    private static JObject Execute(TestClient client, object argument, JToken? workDoneToken = null)
    {
        var parameters = new JObject { ["command"] = "codenode.run", ["arguments"] = new JArray(JObject.FromObject(argument)) };
        if (workDoneToken != null) parameters["workDoneToken"] = workDoneToken;
        return client.Request(Methods.ExecuteCommand, parameters);
    }

    private static (TempDir Dir, string Uri) Workspace(string code)
    {
        var dir = new TempDir();
        dir.File("codenode.json", Manifest);
        dir.File("node.py", code);
        Directory.CreateDirectory(System.IO.Path.Combine(dir.Path, ".codenode"));
        return (dir, dir.Uri("node.py"));
    }

    [Fact]
    public void The_open_buffer_runs_with_progress_and_its_output_is_recorded()
    {
        var (dir, uri) = Workspace("def main(args):\n    return {'from': 'disk'}\n");
        using (dir)
        {
            using var client = new TestClient();
            client.Initialize(rootUri: new Uri(dir.Path).AbsoluteUri);
            // The editor's unsaved text is what runs, not the file on disk.
            client.Open(uri, "def main(args):\n    print('running')\n    return {'sum': args['in-0'] + 1}\n");
            var response = Execute(client, new { uri }, new JValue("run-1"));
            var result = (JObject)response["result"]!;
            Assert.True((bool)result["ok"]!, result.ToString());
            Assert.Equal(21, (int)result["output"]!["sum"]!);
            Assert.Equal("running\n", (string?)result["stdout"]);
            Assert.Equal(new JArray("nodes.adder"), result["recorded"]);

            var kinds = new List<string>();
            while (kinds.LastOrDefault() != "end")
                kinds.Add((string)client.WaitNotification("$/progress", p => (string?)p["token"] == "run-1")["params"]!["value"]!["kind"]!);
            Assert.Equal("begin", kinds[0]);
            Assert.Contains("report", kinds);

            // The sample is written just after the answer; a following run waits for it (see the counter test).
            var samples = WaitForSamples(dir.Path, s => s["nodes"]?["adder"] != null);
            Assert.Equal(21, (int)samples["nodes"]!["adder"]!["sum"]!);
            Assert.Equal("def main(args):\n    return {'from': 'disk'}\n", File.ReadAllText(System.IO.Path.Combine(dir.Path, "node.py")));
        }
    }

    private static JObject WaitForSamples(string root, Func<JObject, bool> ready)
    {
        var file = System.IO.Path.Combine(root, ".codenode", "samples.json");
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            if (File.Exists(file) && JObject.Parse(File.ReadAllText(file)) is var s && ready(s)) return s;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the samples file was not written");
            Thread.Sleep(20);
        }
    }

    [Fact]
    public void Runs_in_quick_succession_read_what_the_previous_run_recorded()
    {
        using var dir = new TempDir();
        dir.File("codenode.json", """
            {"nodes": {"count": {"dialect": "voxworks", "file": "count.py", "variables": {"custom.n": 0}, "conditions": ["more", "otherwise"]}}}
            """);
        const string code = "def run():\n    {{custom.n}} = coalesce({{custom.n}}, 0) + 1\n    return {{custom.n}} < 10\n";
        dir.File("count.py", code);
        Directory.CreateDirectory(System.IO.Path.Combine(dir.Path, ".codenode"));
        var uri = dir.Uri("count.py");
        using var client = new TestClient();
        client.Initialize(rootUri: new Uri(dir.Path).AbsoluteUri);
        client.Open(uri, code);
        var seen = Enumerable.Range(0, 3).Select(_ => (int)Execute(client, new { uri })["result"]!["variables"]!["custom.n"]!).ToList();
        Assert.Equal([1, 2, 3], seen);
    }

    [Fact]
    public void A_runtime_error_is_shown_on_its_line_until_the_next_edit()
    {
        const string code = "def main(args):\n    x = 0\n    return {'v': 1 / x}\n";
        var (dir, uri) = Workspace(code);
        using (dir)
        {
            using var client = new TestClient();
            client.Initialize(rootUri: new Uri(dir.Path).AbsoluteUri);
            client.Open(uri, code);
            var result = (JObject)Execute(client, new { path = System.IO.Path.Combine(dir.Path, "node.py") })["result"]!;
            Assert.False((bool)result["ok"]!);
            Assert.Equal(3, (int)result["location"]!["line"]!);

            var published = client.WaitNotification(Methods.PublishDiagnostics,
                p => (string?)p["uri"] == uri && ((JArray)p["diagnostics"]!).Any(d => (string?)d["code"] == "RT001"));
            var rt = ((JArray)published["params"]!["diagnostics"]!).First(d => (string?)d["code"] == "RT001");
            Assert.Equal(2, (int)rt["range"]!["start"]!["line"]!);
            Assert.Equal(4, (int)rt["range"]!["start"]!["character"]!);
            // The cause leads, the traceback follows on the next lines.
            Assert.StartsWith("Run failed: ZeroDivisionError: division by zero\n" + StackAiRun.ExecutionFailedText + "\nTraceback (most recent call last):\n", (string?)rt["message"]);
            Assert.Equal("ZeroDivisionError: division by zero", (string?)result["cause"]);

            client.Notify("textDocument/didChange", new
            {
                textDocument = new { uri, version = 2 },
                contentChanges = new[] { new { text = code.Replace("x = 0", "x = 2") } },
            });
            client.WaitNotification(Methods.PublishDiagnostics,
                p => (string?)p["uri"] == uri && (int?)p["version"] == 2 && !((JArray)p["diagnostics"]!).Any(d => (string?)d["code"] == "RT001"));
        }
    }

    /// <summary>A node that starts a grandchild (its command line holds <paramref name="marker"/>) and sleeps for a minute.</summary>
    private static string SleepingNode(string marker) =>
        $"import subprocess, sys, time\ndef main(args):\n    subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)', '{marker}'])\n    time.sleep(60)\n";

    private static JObject RunParams(string uri) => new()
    {
        ["command"] = "codenode.run",
        ["arguments"] = new JArray(new JObject { ["uri"] = uri, ["timeout"] = 30 }),
    };

    [Fact]
    public void Cancelling_the_request_stops_the_run()
    {
        var marker = "codenode-cancel-" + Guid.NewGuid().ToString("N")[..10];
        var (dir, uri) = Workspace(SleepingNode(marker));
        using (dir)
        {
            using var client = new TestClient();
            client.Initialize(rootUri: new Uri(dir.Path).AbsoluteUri);
            var id = client.SendRequest(Methods.ExecuteCommand, RunParams(uri));
            Thread.Sleep(700);
            client.Notify("$/cancelRequest", new { id = (int)id });
            // The node sleeps for a minute: an answer at all (and no sleeper left below) shows the cancel stopped it.
            var response = client.WaitResponse(id);
            // Either the dispatcher answers RequestCancelled or the command returns its cancelled result.
            Assert.True(response["error"]?["code"]?.Value<int>() == -32800 || response["result"]?["cancelled"]?.Value<bool>() == true, response.ToString());
            Assert.Empty(Leftovers.Find(marker));
        }
    }

    [Fact]
    public void Cancelling_the_progress_stops_the_run_and_the_result_says_so()
    {
        var marker = "codenode-progress-cancel-" + Guid.NewGuid().ToString("N")[..10];
        var (dir, uri) = Workspace(SleepingNode(marker));
        using (dir)
        {
            using var client = new TestClient();
            // Without a workDoneToken the server creates the progress, so the client can only cancel it by its token.
            client.Initialize(capabilities: new { window = new { workDoneProgress = true } }, rootUri: new Uri(dir.Path).AbsoluteUri);
            var id = client.SendRequest(Methods.ExecuteCommand, RunParams(uri));
            var create = client.WaitFor(m => (string?)m["method"] == "window/workDoneProgress/create");
            var token = create["params"]!["token"]!;
            client.SendBody(new JObject { ["jsonrpc"] = "2.0", ["id"] = create["id"], ["result"] = null }.ToString());
            var begin = client.WaitNotification("$/progress", p => JToken.DeepEquals(p["token"], token) && (string?)p["value"]!["kind"] == "begin");
            Assert.True((bool)begin["params"]!["value"]!["cancellable"]!);

            // Once the node has started its grandchild, press Cancel.
            Assert.NotEmpty(WaitForProcess(marker));
            client.Notify(Methods.WorkDoneProgressCancel, new JObject { ["token"] = token.DeepClone() });
            var response = client.WaitResponse(id);
            // The request itself was not cancelled, so the run answers with its own result, marked cancelled.
            var result = (JObject)response["result"]!;
            Assert.True((bool?)result["cancelled"], result.ToString());
            Assert.False((bool)result["ok"]!);
            client.WaitNotification("$/progress", p => JToken.DeepEquals(p["token"], token) && (string?)p["value"]!["kind"] == "end");
            Assert.Empty(Leftovers.Find(marker));
        }
    }

    /// <summary>Waits until a process whose command line holds the marker runs (the node started its grandchild).</summary>
    private static IReadOnlyList<string> WaitForProcess(string marker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var found = Leftovers.Find(marker, waitMs: 0);
            if (found.Count > 0) return found;
            Thread.Sleep(50);
        }
        return [];
    }

    [Fact]
    public void Runs_are_refused_in_an_untrusted_workspace_and_bad_arguments_are_errors()
    {
        var (dir, uri) = Workspace("def main(args):\n    return {}\n");
        using (dir)
        {
            using var client = new TestClient();
            // The VS Code client sends its settings (with workspaceTrusted) as initializationOptions, applied at initialize.
            client.Initialize(rootUri: new Uri(dir.Path).AbsoluteUri, initializationOptions: new { workspaceTrusted = false });
            var refused = (JObject)Execute(client, new { uri })["result"]!;
            Assert.False((bool)refused["ok"]!);
            Assert.StartsWith("Runs are disabled in an untrusted workspace", (string?)refused["error"]);

            var bad = client.Request(Methods.ExecuteCommand, new JObject { ["command"] = "codenode.run", ["arguments"] = new JArray(new JObject { ["node"] = "x" }) });
            Assert.Equal(-32602, (int)bad["error"]!["code"]!);
        }
    }
}
