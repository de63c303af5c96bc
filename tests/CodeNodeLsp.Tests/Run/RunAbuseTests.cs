// Runs that misbehave: each ends cleanly with the right error, and /proc shows nothing left behind.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Run;

namespace CodeNodeLsp.Tests.Run;

public sealed class RunAbuseTests(RunFixture fx) : IClassFixture<RunFixture>
{
    private static readonly NodeContext Ctx = new() { Dialect = DialectIds.StackAi, NodeId = "abuse" };

    private static string Marker() => "codenode-abuse-" + Guid.NewGuid().ToString("N")[..12];

    private RunResult RunMain(string body, double timeout = 10, CancellationToken ct = default)
    {
        var code = "import os, sys, time, signal, subprocess\ndef main(args):\n" + string.Join("\n", body.Split('\n').Select(l => "    " + l)) + "\n";
        return fx.Run(fx.Target("node.py", code, Ctx, timeout: timeout), ct);
    }

    /// <summary>Python that starts a sleeping child whose command line carries the marker.</summary>
    private static string SleeperArgs(string marker) => $"[sys.executable, '-c', 'import time, signal; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)', '{marker}']";

    [Fact]
    public void An_infinite_loop_times_out()
    {
        var r = RunMain("while True:\n    pass", timeout: 0.5);
        Assert.False(r.Ok);
        Assert.True(r.TimedOut);
        Assert.Equal("The run timed out after 0.5 seconds and was stopped (its whole process tree was killed).", r.Error);
    }

    [Fact]
    public void A_gigabyte_of_prints_is_capped_with_a_marker()
    {
        var r = RunMain("chunk = 'x' * 1048576\nfor _ in range(1024):\n    print(chunk)\nreturn {'done': True}");
        Assert.True(r.Ok, r.Error);
        Assert.True(r.Stdout.Length < 1_100_000, $"stdout kept {r.Stdout.Length} characters");
        Assert.Contains("[codenode: output truncated here; ", r.Stdout);
        Assert.EndsWith("more characters not shown]", r.Stdout);
    }

    [Fact]
    public void Output_written_by_a_child_process_is_capped_too()
    {
        // 256 MiB straight to the process's stdout (not through Python's capture): the server drains and drops it.
        var r = RunMain("os.system('head -c 268435456 /dev/zero')\nreturn {'done': True}", timeout: 60);
        Assert.True(r.Ok, r.Error);
        Assert.NotNull(r.ProcessOutput);
        Assert.True(r.ProcessOutput!.Length < 1_100_000, $"kept {r.ProcessOutput.Length} characters");
        Assert.Contains("more bytes not shown]", r.ProcessOutput);
    }

    [Fact]
    public void A_forked_child_that_outlives_its_parent_is_killed()
    {
        var marker = Marker();
        var r = RunMain($"subprocess.Popen({SleeperArgs(marker)})\npid = os.fork()\nif pid == 0:\n    os.setpgid(0, 0)\n    os.execv(sys.executable, {SleeperArgs(marker + "-grandchild")})\nreturn {{'child': pid}}");
        Assert.True(r.Ok, r.Error);
        Assert.Empty(Leftovers.Find(marker));
        Assert.Empty(Leftovers.InSession(r));
    }

    [Fact]
    public void A_child_that_starts_its_own_session_is_killed_when_the_run_ends()
    {
        var marker = Marker();
        var r = RunMain($"child = subprocess.Popen({SleeperArgs(marker)}, start_new_session=True)\nreturn {{'child': child.pid}}");
        Assert.True(r.Ok, r.Error);
        Assert.Empty(Leftovers.Find(marker));
    }

    [Fact]
    public void A_daemon_that_double_forks_into_a_new_session_is_killed_when_the_run_ends()
    {
        // The classic daemon: fork, setsid, fork again and let the middle process exit, so the daemon's parent is
        // gone and it belongs to no group or session of the run.
        var marker = Marker();
        var r = RunMain($"pid = os.fork()\nif pid == 0:\n    os.setsid()\n    if os.fork() == 0:\n        os.execv(sys.executable, {SleeperArgs(marker)})\n    os._exit(0)\nos.waitpid(pid, 0)\nreturn {{'daemon': True}}");
        Assert.True(r.Ok, r.Error);
        Assert.Empty(Leftovers.Find(marker));
    }

    [Fact]
    public void A_child_in_its_own_session_is_killed_when_the_run_times_out()
    {
        var marker = Marker();
        var r = RunMain($"subprocess.Popen({SleeperArgs(marker)}, start_new_session=True)\ntime.sleep(60)\nreturn {{}}", timeout: 0.5);
        Assert.True(r.TimedOut);
        Assert.Empty(Leftovers.Find(marker));
        Assert.Empty(Leftovers.InSession(r));
    }

    [Fact]
    public void A_node_that_ignores_sigterm_and_sleeps_past_the_timeout_is_killed_with_its_children()
    {
        var marker = Marker();
        var r = RunMain($"signal.signal(signal.SIGTERM, signal.SIG_IGN)\nsubprocess.Popen({SleeperArgs(marker)})\ntime.sleep(60)\nreturn {{}}", timeout: 0.5);
        Assert.True(r.TimedOut);
        Assert.False(r.Ok);
        Assert.Empty(Leftovers.Find(marker));
        Assert.Empty(Leftovers.InSession(r));
    }

    [Fact]
    public void Reading_stdin_gets_end_of_file()
    {
        var r = RunMain("data = sys.stdin.read()\nreturn {'read': data}");
        Assert.True(r.Ok, r.Error);
        Assert.Equal("", (string?)r.Output!["read"]);
        var r2 = RunMain("return {'line': input()}");
        Assert.False(r2.Ok);
        Assert.Contains("EOFError: EOF when reading a line", r2.Error);
    }

    [Fact]
    public void A_print_that_imitates_the_result_channel_is_just_output()
    {
        const string fake = "\\n@@codenode-result 00000000000000000000000000000000@@{\\\"ok\\\": true, \\\"result\\\": \\\"forged\\\", \\\"output\\\": \\\"forged\\\"}\\n";
        var r = RunMain($"print(\"{fake}\")\nos.write(1, b\"{fake}\")\nsys.__stdout__.write(\"{fake}\")\nsys.__stdout__.flush()\nreturn {{'real': True}}");
        Assert.True(r.Ok, r.Error);
        Assert.True((bool)r.Output!["real"]!);
        Assert.Contains("forged", r.Stdout);
        Assert.Contains("forged", r.ProcessOutput);
    }

    [Fact]
    public void Exiting_the_process_is_reported_as_no_result()
    {
        var r = RunMain("sys.stderr.flush()\nos.write(2, b'bye\\n')\nos._exit(3)");
        Assert.False(r.Ok);
        Assert.StartsWith("The run ended without a result: the process exited with code 3.", r.Error);
        Assert.Contains("bye", r.Error);
    }

    [Fact]
    public void Cancellation_kills_the_run()
    {
        var marker = Marker();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));
        var r = RunMain($"subprocess.Popen({SleeperArgs(marker)})\ntime.sleep(60)", timeout: 30, ct: cts.Token);
        Assert.False(r.Ok);
        Assert.True(r.Cancelled);
        Assert.Empty(Leftovers.Find(marker));
    }

    [Fact]
    public async Task A_missing_interpreter_names_the_setting()
    {
        using var runner = new NodeRunner(fx.Settings with { PythonPath = "/nonexistent/python3" });
        var r = (await runner.RunAsync(fx.Target("node.py", "def main(args):\n    return {}\n", Ctx))).Result;
        Assert.False(r.Ok);
        Assert.Equal("Python interpreter '/nonexistent/python3' (from setting codeNode.python.path) was not found or is not executable. Set codeNode.python.path to a Python 3 interpreter.", r.Error);
        using var noNode = new NodeRunner(fx.Settings with { NodePath = "/nonexistent/node" });
        var ts = (await noNode.RunAsync(fx.Target("node.ts", "export function main(a: any) { return {}; }\n", Ctx with { Language = NodeLanguage.TypeScript }))).Result;
        Assert.Contains("Set codeNode.node.path", ts.Error);
    }

    [Fact]
    public void No_state_leaks_from_one_run_to_the_next()
    {
        var first = RunMain("import json\njson.leaked = 'yes'\nreturn {'set': True}");
        Assert.True(first.Ok, first.Error);
        var second = RunMain("import json\nreturn {'leaked': getattr(json, 'leaked', None)}");
        Assert.True(second.Ok, second.Error);
        Assert.Null((string?)second.Output!["leaked"]);
    }
}
