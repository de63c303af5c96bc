// Runs a helper program (pip, npm, esbuild) to completion with a time limit, capturing its output.
using System.Diagnostics;
using System.Text;

namespace CodeNodeLsp.Run;

internal sealed record ToolResult(int ExitCode, string Stdout, string Stderr, bool TimedOut, string? StartError)
{
    public bool Succeeded => StartError == null && !TimedOut && ExitCode == 0;

    /// <summary>The last lines of the tool's output (stderr first), for an error message.</summary>
    public string Tail(int lines = 12)
    {
        if (StartError != null) return StartError;
        var text = (Stderr.Trim().Length > 0 ? Stderr : Stdout).Trim();
        var all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}

internal static class ToolProcess
{
    /// <summary>
    /// Runs <paramref name="file"/> with the server's own environment (tools read their configuration from it, such
    /// as pip's index and npm's registry) plus <paramref name="extraEnv"/>. On Linux the tool leads a session of its
    /// own (through <c>setsid(1)</c>), so cancellation and the timeout kill everything it started (pip's build
    /// backends, npm's scripts) before this returns or throws. Never throws except
    /// <see cref="OperationCanceledException"/> when <paramref name="ct"/> is cancelled.
    /// </summary>
    public static async Task<ToolResult> RunAsync(string file, IEnumerable<string> args, string cwd, TimeSpan timeout, CancellationToken ct,
        string? stdin = null, IReadOnlyDictionary<string, string>? extraEnv = null)
    {
        var setsid = OperatingSystem.IsLinux() ? RunEnvironment.FindProgram("setsid") : null;
        var psi = new ProcessStartInfo(setsid ?? file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = cwd,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (setsid != null) psi.ArgumentList.Add(file);
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (extraEnv != null)
            foreach (var (k, v) in extraEnv) psi.Environment[k] = v;
        ct.ThrowIfCancellationRequested();
        ProcessTree.BecomeSubreaper();
        Process? p;
        try { p = Process.Start(psi); }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return new ToolResult(-1, "", "", false, $"Could not start '{file}': {e.Message}");
        }
        if (p == null) return new ToolResult(-1, "", "", false, $"Could not start '{file}'.");
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = p.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                if (stdin != null) await p.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
                p.StandardInput.Close();
            }
            catch (IOException) { }
            bool timedOut = false;
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(timeout);
            try { await p.WaitForExitAsync(cts.Token).ConfigureAwait(false); }
            catch (OperationCanceledException)
            {
                timedOut = !ct.IsCancellationRequested;
                KillTree(p, ownSession: setsid != null);
                await Task.WhenAny(p.WaitForExitAsync(CancellationToken.None), Task.Delay(2000, CancellationToken.None)).ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
            }
            await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(2000, CancellationToken.None)).ConfigureAwait(false);
            return new ToolResult(p.HasExited ? p.ExitCode : -1,
                stdout.IsCompletedSuccessfully ? stdout.Result : "", stderr.IsCompletedSuccessfully ? stderr.Result : "", timedOut, null);
        }
    }

    /// <summary>
    /// Kills the tool and everything it started, synchronously: its descendants through /proc, its group and its
    /// session (it leads both when started through setsid), so nothing is left writing into folders about to be
    /// deleted.
    /// </summary>
    private static void KillTree(Process p, bool ownSession)
    {
        int pid;
        try { pid = p.Id; }
        catch (InvalidOperationException) { return; }
        if (ownSession)
        {
            var killed = ProcessTree.KillDescendants(pid);
            ProcessTree.KillGroup(pid);
            ProcessTree.SweepSession(pid, killed);
            return;
        }
        try { p.Kill(entireProcessTree: true); }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
    }
}
