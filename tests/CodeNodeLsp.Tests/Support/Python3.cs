// Runs the machine's python3 (CPython is the reference for the parser's conformance tests).
using System.Diagnostics;

namespace CodeNodeLsp.Tests.Support;

public static class Python3
{
    /// <summary>Runs <c>python3 -c script</c> with <paramref name="stdin"/>; returns stdout. Fails the test when python3 is missing or fails.</summary>
    public static string Run(string script, string stdin = "", IReadOnlyList<string>? args = null)
    {
        var psi = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        foreach (var a in args ?? []) psi.ArgumentList.Add(a);
        psi.Environment["PYTHONIOENCODING"] = "utf-8";
        psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("python3 did not start");
        var stdoutTask = p.StandardOutput.ReadToEndAsync();
        var stderrTask = p.StandardError.ReadToEndAsync();
        p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("python3 took more than 5 minutes");
        }
        string stdout = stdoutTask.Result, stderr = stderrTask.Result;
        if (p.ExitCode != 0) throw new InvalidOperationException($"python3 exited with {p.ExitCode}: {stderr}");
        return stdout;
    }
}
