// Stack AI's sandbox locally: isolation, installs on the run's clock, cancellation, concurrency, configuration, the cache.
using System.Diagnostics;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Run;
using CodeNodeLsp.Tests.Support;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Run;

/// <summary>
/// Every test here installs from <see cref="LocalIndex"/> (wheels and npm tarballs built by the test, served on
/// 127.0.0.1), reached through a workspace <c>pip.conf</c> / <c>.npmrc</c> or, for the CLI processes, PIP_INDEX_URL.
/// </summary>
public sealed class DependencyTests : IDisposable
{
    private readonly LocalIndex _index = new();
    private readonly string _root = Directory.CreateTempSubdirectory("codenode-deps-tests-").FullName;

    public DependencyTests()
    {
        _index.AddWheel("cn-alpha", "1.0");
        _index.AddWheel("cn-beta", "2.0");
    }

    public void Dispose()
    {
        _index.Dispose();
        Cleanup.WaitAll(TimeSpan.FromSeconds(5));
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>The interpreters to check: python3 from PATH (pyenv's here) and Debian's /usr/bin/python3 (CI's) when present.</summary>
    public static TheoryData<string> Pythons()
    {
        var data = new TheoryData<string> { "python3" };
        if (File.Exists("/usr/bin/python3")) data.Add("/usr/bin/python3");
        return data;
    }

    private string Cache => Path.Combine(_root, "cache");
    private string DepsRoot => Path.Combine(Cache, "deps");

    private RunSettings Settings(string python = "python3") => new() { CacheDir = Cache, PythonPath = python, KeepWarm = false };

    private string Workspace(string? pipIndex = null, string? npmRegistry = null)
    {
        var ws = Path.Combine(_root, "ws-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(ws);
        File.WriteAllText(Path.Combine(ws, "pip.conf"), $"[global]\nindex-url = {pipIndex ?? _index.SimpleUrl}\n");
        if (npmRegistry != null) File.WriteAllText(Path.Combine(ws, ".npmrc"), $"registry={npmRegistry}\n");
        return ws;
    }

    private static RunTarget Target(string ws, string code, IReadOnlyList<string> deps, bool typeScript = false, double? timeout = null)
    {
        var path = Path.Combine(ws, typeScript ? "node.ts" : "node.py");
        File.WriteAllText(path, code);
        return new RunTarget
        {
            Path = path,
            Text = CodeNodeLsp.Text.SourceText.From(code),
            Context = new NodeContext
            {
                Dialect = DialectIds.StackAi, NodeId = "code-0", Dependencies = deps,
                Language = typeScript ? NodeLanguage.TypeScript : NodeLanguage.Python,
            },
            WorkspaceRoot = ws,
            // Installs are slow on a busy machine; only the tests about timeouts set a short one.
            TimeoutSeconds = timeout ?? 300,
        };
    }

    private static RunResult Run(RunSettings settings, RunTarget target, CancellationToken ct = default)
    {
        using var runner = new NodeRunner(settings);
        return runner.RunAsync(target, null, ct).GetAwaiter().GetResult().Result;
    }

    private string[] TempFolders() => Directory.Exists(DepsRoot)
        ? Directory.GetDirectories(DepsRoot).Where(d => d.Contains(".tmp-", StringComparison.Ordinal) || d.Contains(".old-", StringComparison.Ordinal)).ToArray()
        : [];

    private string[] Environments() => Directory.Exists(DepsRoot)
        ? Directory.GetDirectories(DepsRoot).Where(d => !Path.GetFileName(d).Contains('.')).ToArray()
        : [];

    // ───────────── isolation ─────────────

    [Theory]
    [MemberData(nameof(Pythons))]
    public void A_declared_package_is_installed_and_an_undeclared_one_fails_as_on_the_platform(string python)
    {
        var ws = Workspace();
        var ok = Run(Settings(python), Target(ws, "import cn_alpha\ndef main(args):\n    return {'v': cn_alpha.VERSION}\n", ["cn-alpha==1.0"]));
        Assert.True(ok.Ok, ok.Error);
        Assert.Equal("1.0", (string?)ok.Output!["v"]);
        Assert.Equal("1.0", (string?)ok.Environment!["packages"]!["cn-alpha"]);
        Assert.False((bool)ok.Environment["cached"]!);
        Assert.True((bool)ok.Environment["isolated"]!);

        // pip is in the interpreter's own site-packages (pyenv's, or Debian's dist-packages), so only isolation hides it.
        var code = "import cn_alpha\ndef main(args):\n    import pip\n    return {'v': cn_alpha.VERSION}\n";
        var undeclared = Run(Settings(python), Target(ws, code, ["cn-alpha==1.0"]));
        Assert.False(undeclared.Ok);
        Assert.StartsWith(StackAiRun.ExecutionFailedText + "\n", undeclared.Error);
        Assert.Contains("ModuleNotFoundError: No module named 'pip'", undeclared.Error);
        Assert.Contains("\"pip\" is not a declared dependency of this node", undeclared.Error);
        Assert.Contains("add \"pip\" to \"dependencies\" of node \"code-0\" in codenode.json", undeclared.Error);
        Assert.True((bool)undeclared.Environment!["cached"]!);

        var own = Run(Settings(python) with { StackAiUserEnvironment = true }, Target(ws, code, ["cn-alpha==1.0"]));
        Assert.True(own.Ok, own.Error);
        Assert.False((bool)own.Environment!["isolated"]!);
        Assert.Contains("userEnvironment is on", (string?)own.Environment["note"]);
    }

    [Fact]
    public void Without_dependencies_the_run_sees_the_standard_library_only()
    {
        var ws = Workspace();
        var r = Run(Settings(), Target(ws, "import json, sys\ndef main(args):\n    import pip\n    return {}\n", []));
        Assert.False(r.Ok);
        Assert.Contains("No module named 'pip'", r.Error);
        var paths = Run(Settings(), Target(ws, "import sys\ndef main(args):\n    exit\n    return {'p': [p for p in sys.path if 'site-packages' in p or 'dist-packages' in p]}\n", []));
        Assert.True(paths.Ok, paths.Error);
        Assert.Empty((JArray)paths.Output!["p"]!);
    }

    [Theory]
    [InlineData("const p = require('cn-planted');\nexport function main(args: any) {\n  return { from: p.from };\n}\n")]
    [InlineData("import p from 'cn-planted';\nexport function main(args: any) {\n  return { from: p.from };\n}\n")]
    [InlineData("export async function main(args: any) {\n  const p = await import('cn-planted');\n  return { from: p.from };\n}\n")]
    public void A_node_modules_folder_above_the_cache_is_never_consulted(string code)
    {
        // The cache lives in HOME/.cache/codenode; HOME/node_modules holds a package that Node's usual lookup finds.
        var home = Path.Combine(_root, "home");
        var planted = Path.Combine(home, "node_modules", "cn-planted");
        Directory.CreateDirectory(planted);
        File.WriteAllText(Path.Combine(planted, "index.js"), "module.exports = { from: 'home' };\n");
        var settings = Settings() with { CacheDir = Path.Combine(home, ".cache", "codenode") };
        var ws = Workspace();
        var isolated = Run(settings, Target(ws, code, [], typeScript: true));
        if (TypeScriptRun.FindEsbuild(ws) == null)
        {
            Assert.Equal(TypeScriptRun.EsbuildMissing, isolated.Error);
            return;
        }
        Assert.False(isolated.Ok);
        Assert.Contains("Cannot find module 'cn-planted'", isolated.Error);
        Assert.Contains("\"cn-planted\" is not a declared dependency of this node", isolated.Error);
        var own = Run(settings with { StackAiUserEnvironment = true }, Target(ws, code, [], typeScript: true));
        Assert.True(own.Ok, own.Error);
        Assert.Equal("home", (string?)own.Output!["from"]);
    }

    [Fact]
    public void Npmrc_of_the_workspace_is_honoured_and_not_kept_in_the_cache()
    {
        _index.AddNpm("cn-npm-a", "1.2.3", "module.exports = { twice: (n) => n * 2 };\n");
        var ws = Workspace(npmRegistry: _index.RegistryUrl);
        var code = "import { twice } from 'cn-npm-a';\nexport function main(args: any) {\n  return { v: twice(21) };\n}\n";
        var r = Run(Settings(), Target(ws, code, ["cn-npm-a@1.2.3"], typeScript: true));
        if (TypeScriptRun.FindEsbuild(ws) == null)
        {
            Assert.Equal(TypeScriptRun.EsbuildMissing, r.Error);
            return;
        }
        Assert.True(r.Ok, r.Error);
        Assert.Equal(42, (int)r.Output!["v"]!);
        Assert.Equal("1.2.3", (string?)r.Environment!["packages"]!["cn-npm-a"]);
        var env = Assert.Single(Environments());
        Assert.False(File.Exists(Path.Combine(env, ".npmrc")));
        Assert.Empty(TempFolders());
    }

    // ───────────── failures in the platform's words ─────────────

    [Fact]
    public void A_package_the_index_lacks_gets_the_platforms_text_and_pips_line()
    {
        var r = Run(Settings(), Target(Workspace(), "def main(args):\n    return {}\n", ["cn-missing==9.9"]));
        Assert.False(r.Ok);
        Assert.StartsWith(Dependencies.PackageFailureText + "\ncn-missing==9.9\npip: ", r.Error);
        Assert.Contains("No matching distribution found for cn-missing==9.9", r.Error);
        Assert.Empty(Environments());
        Assert.Empty(TempFolders());
    }

    [Fact]
    public void An_unreachable_index_is_said_to_be_a_network_problem()
    {
        var ws = Workspace(pipIndex: $"http://127.0.0.1:{LocalIndex.ClosedPort()}/simple/");
        var r = Run(Settings(), Target(ws, "def main(args):\n    return {}\n", ["cn-alpha==1.0"]));
        Assert.False(r.Ok);
        Assert.StartsWith(Dependencies.FailurePrefix + "the package index could not be reached", r.Error);
        Assert.Contains("not a wrong package name", r.Error);
        Assert.Contains("Connection refused", r.Error);
        Assert.False(r.TimedOut);
    }

    [Fact]
    public void An_unreachable_registry_is_said_to_be_a_network_problem()
    {
        var ws = Workspace(npmRegistry: $"http://127.0.0.1:{LocalIndex.ClosedPort()}/");
        var r = Run(Settings(), Target(ws, "export function main(args: any) {\n  return {};\n}\n", ["cn-npm-a@1.2.3"], typeScript: true));
        Assert.False(r.Ok);
        Assert.StartsWith(Dependencies.FailurePrefix + "the package index could not be reached", r.Error);
        Assert.Contains("ECONNREFUSED", r.Error);
    }

    [Theory]
    [InlineData("--index-url=http://127.0.0.1:1/simple")]
    [InlineData("-r requirements.txt")]
    public void An_installer_option_in_the_dependency_list_is_refused(string option)
    {
        var r = Run(Settings(), Target(Workspace(), "def main(args):\n    return {}\n", ["cn-alpha==1.0", option]));
        Assert.False(r.Ok);
        Assert.StartsWith(Dependencies.FailurePrefix + $"\"{option}\" is an installer option, not a package", r.Error);
        Assert.Equal(0, _index.Requests);
    }

    // ───────────── one clock, cancellation ─────────────

    [Fact]
    public void The_runs_timeout_covers_a_slow_install_and_nothing_is_left()
    {
        _index.Stall = true;
        var r = Run(Settings(), Target(Workspace(), "def main(args):\n    return {}\n", ["cn-alpha==1.0"], timeout: 2));
        Assert.False(r.Ok);
        Assert.True(r.TimedOut);
        Assert.StartsWith(Dependencies.SandboxTimeoutText + "\n", r.Error);
        Assert.Contains("the run's timeout, which covers installing the dependencies", r.Error);
        Assert.Empty(TempFolders());
        Assert.Empty(Environments());
        Assert.Empty(Leftovers.Find(DepsRoot));
    }

    [Fact]
    public void An_install_limit_of_its_own_is_reported_separately()
    {
        _index.Stall = true;
        var r = Run(Settings() with { InstallTimeoutSeconds = 1 }, Target(Workspace(), "def main(args):\n    return {}\n", ["cn-alpha==1.0"], timeout: 60));
        Assert.True(r.TimedOut);
        Assert.Contains("within 1 s (codeNode.stackai.installTimeout)", r.Error);
        Assert.NotNull(r.Environment!["installMs"]);
    }

    [Fact]
    public async Task Cancelling_an_install_kills_the_installer_and_deletes_its_temporary_folder()
    {
        _index.Stall = true;
        using var cts = new CancellationTokenSource();
        var run = Task.Run(() => Run(Settings(), Target(Workspace(), "def main(args):\n    return {}\n", ["cn-alpha==1.0"], timeout: 600), cts.Token));
        while (_index.Requests == 0 && !run.IsCompleted) Thread.Sleep(20);
        Assert.NotEmpty(TempFolders());
        cts.Cancel();
        var r = await run;
        Assert.True(r.Cancelled);
        Assert.Empty(TempFolders());
        Assert.Empty(Leftovers.Find(DepsRoot));
    }

    [Theory]
    [InlineData("-TERM")]
    [InlineData("-INT")] // Ctrl+C
    [InlineData("-HUP")]
    public void A_signal_to_the_cli_stops_the_install_and_leaves_nothing_behind(string signal)
    {
        _index.Stall = true;
        var ws = Workspace();
        var node = WriteNode(ws, ["cn-alpha==1.0"]);
        using var cli = StartCli(["run", "--json", "--timeout", "600", node], ws);
        while (_index.Requests == 0 && !cli.HasExited) Thread.Sleep(20);
        Assert.NotEmpty(TempFolders());
        using (var kill = Process.Start("kill", [signal, cli.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        var output = cli.StandardOutput.ReadToEnd();
        cli.WaitForExit();
        Assert.Equal(1, cli.ExitCode);
        Assert.True((bool?)JObject.Parse(output)["cancelled"], output);
        Assert.Empty(TempFolders());
        Assert.Empty(Leftovers.Find(DepsRoot));
    }

    // ───────────── concurrency ─────────────

    [Fact]
    public async Task Eight_processes_at_once_all_succeed_with_one_environment_made_once()
    {
        var ws = Workspace();
        File.Delete(Path.Combine(ws, "pip.conf"));
        var node = WriteNode(ws, ["cn-alpha==1.0", "cn-beta==2.0"]);
        var env = new Dictionary<string, string> { ["PIP_INDEX_URL"] = _index.SimpleUrl };
        // A generous timeout: this is about sharing one environment, and eight .NET processes on a busy machine are slow.
        var clis = Enumerable.Range(0, 8).Select(_ => StartCli(["run", "--json", "--timeout", "600", node], ws, env)).ToList();
        var outputs = clis.Select(c => c.StandardOutput.ReadToEndAsync()).ToList();
        var results = new List<JObject>();
        for (int i = 0; i < clis.Count; i++)
        {
            await clis[i].WaitForExitAsync();
            results.Add(JObject.Parse(await outputs[i]));
            Assert.True(clis[i].ExitCode == 0, results[i].ToString());
            clis[i].Dispose();
        }
        Assert.All(results, r => Assert.Equal("1.0", (string?)r["output"]!["alpha"]));
        Assert.Single(results, r => (bool?)r["environment"]!["cached"] == false);
        Assert.Single(Environments());
        Assert.Empty(TempFolders());
    }

    [Fact]
    public void A_run_waits_for_the_lock_on_its_own_clock_and_names_the_holder()
    {
        var ws = Workspace();
        var code = "import cn_alpha\ndef main(args):\n    return {}\n";
        Assert.True(Run(Settings(), Target(ws, code, ["cn-alpha==1.0"])).Ok);
        var env = Assert.Single(Environments());
        Directory.Delete(env, recursive: true);
        using (var held = EnvLock.TryAcquire(DepsRoot, Path.GetFileName(env)))
        {
            Assert.NotNull(held);
            var r = Run(Settings(), Target(ws, code, ["cn-alpha==1.0"], timeout: 1));
            Assert.True(r.TimedOut);
            Assert.StartsWith(Dependencies.SandboxTimeoutText, r.Error);
            Assert.Contains($"Another process (pid {Environment.ProcessId} on {Environment.MachineName}", r.Error);
            Assert.Contains("was still creating the same environment", r.Error);
        }
        Assert.True(Run(Settings(), Target(ws, code, ["cn-alpha==1.0"])).Ok);
    }

    [Fact]
    public void What_a_killed_install_left_is_deleted_by_the_next_holder_of_the_lock()
    {
        var ws = Workspace();
        var code = "import cn_alpha\ndef main(args):\n    return {}\n";
        Assert.True(Run(Settings(), Target(ws, code, ["cn-alpha==1.0"])).Ok);
        var key = Path.GetFileName(Assert.Single(Environments()));
        // A holder killed with SIGKILL cannot clean up: its temporary folders stay until the key's lock is next taken.
        foreach (var left in new[] { key + ".tmp-999999-dead", key + ".old-999999-dead" })
        {
            Directory.CreateDirectory(Path.Combine(DepsRoot, left, "env"));
            File.WriteAllText(Path.Combine(DepsRoot, left, "env", "half.py"), "");
        }
        Assert.Equal(2, TempFolders().Length);
        DependencyCache.Trim(Settings());
        Assert.Empty(TempFolders());
        Assert.Single(Environments());
    }

    // ───────────── the cache ─────────────

    [Fact]
    public void The_cache_is_cleaned_to_its_limit_least_recently_used_first()
    {
        foreach (var name in new[] { "cn-big-a", "cn-big-b", "cn-big-c" }) _index.AddWheel(name, "1.0", paddingBytes: 200_000);
        var settings = Settings() with { CacheMaxMegabytes = 0.5 };
        var limit = DependencyCache.MaxBytes(settings);
        var ws = Workspace();
        foreach (var name in new[] { "cn-big-a", "cn-big-b", "cn-big-c" })
        {
            var r = Run(settings, Target(ws, $"import {name.Replace('-', '_')}\ndef main(args):\n    return {{}}\n", [name + "==1.0"]));
            Assert.True(r.Ok, r.Error);
            Assert.True(DependencyCache.List(settings).Sum(e => e.SizeBytes) <= limit);
        }
        var left = DependencyCache.List(settings).Select(e => e.Description).ToList();
        Assert.Equal(2, left.Count);
        Assert.DoesNotContain(left, d => d.Contains("cn-big-a", StringComparison.Ordinal));

        var (listed, list) = RunCli(["cache", "list"], ws, new() { ["CODENODE_CACHE_DIR"] = Cache });
        Assert.Equal(0, listed);
        Assert.Contains("resolved", list);
        Assert.Contains("cn-big-c 1.0", list);
        Assert.Contains("2 entries", list);
        var (sized, size) = RunCli(["cache", "size"], ws, new() { ["CODENODE_CACHE_DIR"] = Cache, ["CODENODE_CACHE_MAX_MB"] = "0.5" });
        Assert.Equal(0, sized);
        Assert.Contains("of 0.5 MB", size);

        var (code, output) = RunCli(["cache", "clean", "--all"], ws, new() { ["CODENODE_CACHE_DIR"] = Cache });
        Assert.Equal(0, code);
        Assert.Contains("2 entries deleted", output);
        Assert.Empty(Environments());
    }

    [Fact]
    public void Unpinned_dependencies_are_re_resolved_on_demand_and_the_versions_are_shown()
    {
        _index.AddWheel("cn-moving", "1.0");
        var ws = Workspace();
        var code = "import cn_moving\ndef main(args):\n    return {'v': cn_moving.VERSION}\n";
        var first = Run(Settings(), Target(ws, code, ["cn-moving"]));
        Assert.Equal("1.0", (string?)first.Output!["v"]);
        _index.AddWheel("cn-moving", "1.1");
        var cached = Run(Settings(), Target(ws, code, ["cn-moving"]));
        Assert.Equal("1.0", (string?)cached.Output!["v"]);
        Assert.True((bool)cached.Environment!["cached"]!);
        var refreshed = Run(Settings() with { RefreshDependencies = true }, Target(ws, code, ["cn-moving"]));
        Assert.Equal("1.1", (string?)refreshed.Output!["v"]);
        Assert.Equal("1.1", (string?)refreshed.Environment!["packages"]!["cn-moving"]);
        var scheduled = Run(Settings() with { RefreshUnpinnedHours = 1e-9 }, Target(ws, code, ["cn-moving"]));
        Assert.False((bool)scheduled.Environment!["cached"]!);
        Assert.Single(Environments());
    }

    [Fact]
    public void Pip_index_url_from_the_environment_is_honoured()
    {
        var ws = Workspace();
        File.Delete(Path.Combine(ws, "pip.conf"));
        var node = WriteNode(ws, ["cn-beta==2.0"], "import cn_beta\ndef main(args):\n    return {'alpha': cn_beta.VERSION}\n");
        var (code, output) = RunCli(["run", "--json", "--timeout", "300", node], ws, new() { ["PIP_INDEX_URL"] = _index.SimpleUrl });
        Assert.True(code == 0, output);
        Assert.Equal("2.0", (string?)JObject.Parse(output)["output"]!["alpha"]);
        Assert.True(_index.Requests > 0);
    }

    // ───────────── CLI helpers ─────────────

    private static string WriteNode(string ws, string[] deps, string? code = null)
    {
        File.WriteAllText(Path.Combine(ws, "codenode.json"), new JObject
        {
            ["nodes"] = new JObject { ["code-0"] = new JObject { ["file"] = "node.py", ["dialect"] = "stackai", ["dependencies"] = new JArray(deps.Cast<object>().ToArray()) } },
        }.ToString());
        var path = Path.Combine(ws, "node.py");
        File.WriteAllText(path, code ?? "import cn_alpha\ndef main(args):\n    return {'alpha': cn_alpha.VERSION}\n");
        return path;
    }

    private Process StartCli(string[] args, string cwd, Dictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = cwd };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "codenode.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["CODENODE_CACHE_DIR"] = Cache;
        foreach (var (k, v) in env ?? []) psi.Environment[k] = v;
        var p = Process.Start(psi)!;
        _ = p.StandardError.ReadToEndAsync();
        return p;
    }

    private (int Code, string Output) RunCli(string[] args, string cwd, Dictionary<string, string> env)
    {
        using var p = StartCli(args, cwd, env);
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }
}
