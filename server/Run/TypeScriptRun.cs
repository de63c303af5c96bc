// Stack AI TypeScript nodes: transpiled with esbuild (Node 20 cannot strip types), then run by the Node harness.
using System.Collections.Concurrent;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Run;

internal static class TypeScriptRun
{
    private static readonly ConcurrentDictionary<string, string?> EsbuildByRoot = new(StringComparer.Ordinal);

    /// <summary>
    /// Transpiles and runs the node. <paramref name="nodePaths"/> are the dependency environments' node_modules;
    /// <paramref name="isolated"/> confines module resolution to them (the harness never walks up to a
    /// node_modules above the cache, nor Node's global folders).
    /// </summary>
    public static async Task<JobOutcome> RunAsync(NodeRunner runner, RunTarget target, JObject args, JArray nodePaths, bool isolated, double timeout,
        IProgress<string>? progress, CancellationToken ct)
    {
        var settings = runner.Settings;
        var node = RunEnvironment.Node(settings);
        if (node.Path == null) return JobOutcome.Failed(node.Error!);

        progress?.Report("Transpiling");
        var js = await TranspileAsync(settings, target, ct).ConfigureAwait(false);
        if (js.Error != null) return JobOutcome.Failed(js.Error);

        progress?.Report("Running");
        var harness = RunEnvironment.HarnessFile(settings, "harness.js");
        // setsid(1) makes node the leader of a new session (it execs without forking when the caller is not a group
        // leader), so the whole run can be killed as one group like the Python harness.
        var setsid = RunEnvironment.FindProgram("setsid");
        var spec = setsid != null
            ? new HarnessSpec(setsid, [node.Path, "--enable-source-maps", harness], RunEnvironment.ForRun(), Path.GetDirectoryName(harness)!)
            : new HarnessSpec(node.Path, ["--enable-source-maps", harness], RunEnvironment.ForRun(), Path.GetDirectoryName(harness)!);
        var job = new JObject
        {
            ["kind"] = "stackai",
            ["jsPath"] = js.Path,
            ["filename"] = target.Path,
            ["args"] = args,
            ["nodePaths"] = nodePaths,
            ["isolated"] = isolated,
        };
        return await runner.RunJobAsync(spec, job, target.WorkspaceRoot, timeout, "Node.js", RunEnvironment.NodeSetting, ct).ConfigureAwait(false);
    }

    private sealed record Transpiled(string? Path, string? Error);

    /// <summary>
    /// CommonJS for Node 20 with an inline source map, cached under <c>CACHE/ts/&lt;hash&gt;.js</c> by content and path.
    /// A line at the end exports a top-level <c>main</c> even when the file does not export it.
    /// </summary>
    public const string EsbuildMissing = "TypeScript nodes need esbuild to run on Node 20: run `npm ci` at the CodeNodeLsp repository root, " +
        "or set CODENODE_ESBUILD to an esbuild binary.";

    private static async Task<Transpiled> TranspileAsync(RunSettings settings, RunTarget target, CancellationToken ct)
    {
        var dir = Path.Combine(RunEnvironment.CacheDir(settings), "ts");
        // The first line versions the transpile options, so a change of them never reuses an older file.
        var output = Path.Combine(dir, RunEnvironment.Hash("dynamic-import=require\n" + target.Path + "\n" + target.Text.Text) + ".js");
        if (File.Exists(output))
        {
            // The file's time is its last use, for the cache's least-recently-used cleaning.
            try { File.SetLastWriteTimeUtc(output, DateTime.UtcNow); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            return new Transpiled(output, null);
        }
        var esbuild = FindEsbuild(target.WorkspaceRoot);
        if (esbuild == null)
        {
            return new Transpiled(null, EsbuildMissing);
        }
        var result = await ToolProcess.RunAsync(esbuild,
            ["--loader=ts", "--format=cjs", "--platform=node", "--target=node20", "--sourcemap=inline", "--log-level=error",
             // import() becomes require() too, so a dynamic import goes through the same (confined) resolution as a static one.
             "--supported:dynamic-import=false", "--sourcefile=" + target.Path],
            Path.GetTempPath(), TimeSpan.FromSeconds(60), ct, target.Text.Text).ConfigureAwait(false);
        if (!result.Succeeded) return new Transpiled(null, "TypeScript could not be transpiled:\n" + result.Tail());
        Directory.CreateDirectory(dir);
        var tmp = output + "." + Environment.ProcessId + ".tmp";
        await File.WriteAllTextAsync(tmp, result.Stdout + "\n;module.exports.__codenode_main = typeof main === \"function\" ? main : undefined;\n", CancellationToken.None).ConfigureAwait(false);
        File.Move(tmp, output, overwrite: true);
        return new Transpiled(output, null);
    }

    /// <summary>
    /// esbuild from <c>CODENODE_ESBUILD</c>, else <c>node_modules/.bin/esbuild</c> in the workspace or above the
    /// server's own folder (the repository root after <c>npm ci</c>), else <c>esbuild</c> on PATH.
    /// </summary>
    internal static string? FindEsbuild(string workspaceRoot) =>
        EsbuildByRoot.GetOrAdd(workspaceRoot, root =>
        {
            var env = Environment.GetEnvironmentVariable("CODENODE_ESBUILD");
            if (!string.IsNullOrEmpty(env) && File.Exists(env)) return env;
            foreach (var start in new[] { root, AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    var candidate = Path.Combine(dir.FullName, "node_modules", ".bin", "esbuild");
                    if (File.Exists(candidate)) return candidate;
                }
            }
            return RunEnvironment.FindProgram("esbuild");
        });
}
