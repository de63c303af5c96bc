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
    /// as pip's index and npm's registry). Cancellation and the timeout kill the tool's whole tree. Never throws.
    /// </summary>
    public static async Task<ToolResult> RunAsync(string file, IEnumerable<string> args, string cwd, TimeSpan timeout, CancellationToken ct, string? stdin = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = cwd,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
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
                try { p.Kill(entireProcessTree: true); }
                catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
                await Task.WhenAny(p.WaitForExitAsync(CancellationToken.None), Task.Delay(2000, CancellationToken.None)).ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
            }
            await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(2000, CancellationToken.None)).ConfigureAwait(false);
            return new ToolResult(p.HasExited ? p.ExitCode : -1,
                stdout.IsCompletedSuccessfully ? stdout.Result : "", stderr.IsCompletedSuccessfully ? stderr.Result : "", timedOut, null);
        }
    }
}
