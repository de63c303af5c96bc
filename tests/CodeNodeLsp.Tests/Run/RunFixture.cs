// Shared set-up of the run tests: one warm runner, a private cache folder and throw-away workspaces.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Run;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Run;

/// <summary>One runner for a test class (xunit class fixture), so its runs are warm like the server's.</summary>
public sealed class RunFixture : IDisposable
{
    public RunFixture()
    {
        Root = Directory.CreateTempSubdirectory("codenode-run-tests-").FullName;
        // pflow runs follow 0.8 here, explicitly: the tests written for it check its texts exactly; current-version
        // runs are tested with their own settings (PflowCurrentRunTests).
        Settings = new RunSettings { CacheDir = Path.Combine(Root, "cache"), PflowVersion = PflowVersion.V0_8 };
        Runner = new NodeRunner(Settings);
        Runner.Prewarm();
    }

    public string Root { get; }
    public RunSettings Settings { get; }
    public NodeRunner Runner { get; }

    /// <summary>A new empty workspace folder.</summary>
    public string NewWorkspace()
    {
        var dir = Path.Combine(Root, "ws-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Writes a file into a new workspace and returns a target for it.</summary>
    public RunTarget Target(string fileName, string text, NodeContext context, SampleSet? samples = null, double? timeout = null, JObject? inputs = null, string? node = null)
    {
        var ws = NewWorkspace();
        var path = Path.Combine(ws, fileName);
        File.WriteAllText(path, text);
        return new RunTarget
        {
            Path = path,
            Text = SourceText.From(text),
            Context = context,
            Samples = samples ?? SampleSet.Empty,
            WorkspaceRoot = ws,
            TimeoutSeconds = timeout,
            Inputs = inputs,
            Node = node,
        };
    }

    public RunResult Run(RunTarget target, CancellationToken ct = default) => Runner.RunAsync(target, null, ct).GetAwaiter().GetResult().Result;

    public void Dispose()
    {
        Runner.Dispose();
        Cleanup.WaitAll(TimeSpan.FromSeconds(5));
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>Checks that a run left no process behind, by reading /proc.</summary>
public static class Leftovers
{
    /// <summary>Live processes whose command line contains <paramref name="marker"/>, after the sweeps finished.</summary>
    public static IReadOnlyList<string> Find(string marker, int waitMs = 3000)
    {
        Cleanup.WaitAll(TimeSpan.FromSeconds(5));
        var deadline = DateTime.UtcNow.AddMilliseconds(waitMs);
        while (true)
        {
            var found = new List<string>();
            foreach (var (pid, _, _, state) in ProcessTreeAccess.All())
            {
                if (state == 'Z' || pid == Environment.ProcessId) continue;
                string cmd;
                try { cmd = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
                catch (IOException) { continue; }
                catch (UnauthorizedAccessException) { continue; }
                if (cmd.Contains(marker, StringComparison.Ordinal)) found.Add($"{pid}: {cmd}");
            }
            if (found.Count == 0 || DateTime.UtcNow > deadline) return found;
            Thread.Sleep(50);
        }
    }

    /// <summary>
    /// Processes of a run's session other than the harness itself (which .NET reaps): live ones, and zombies that
    /// nobody reaped (where init does not reap, an orphan's zombie would stay forever).
    /// </summary>
    public static IReadOnlyList<string> InSession(RunResult result, int waitMs = 3000)
    {
        Assert.NotNull(result.ProcessId);
        int sid = result.ProcessId!.Value;
        Cleanup.WaitAll(TimeSpan.FromSeconds(5));
        var deadline = DateTime.UtcNow.AddMilliseconds(waitMs);
        while (true)
        {
            var found = ProcessTreeAccess.All().Where(p => p.Session == sid && p.Pid != sid).Select(p => $"{p.Pid} ({p.State})").ToList();
            if (found.Count == 0 || DateTime.UtcNow > deadline) return found;
            Thread.Sleep(50);
        }
    }
}

internal static class ProcessTreeAccess
{
    public static IEnumerable<(int Pid, int Ppid, int Session, char State)> All() => ProcessTree.EnumerateProcesses();
}
