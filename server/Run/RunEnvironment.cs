// Where runs find their interpreters, harness files and caches, and the exact environment a run process gets.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace CodeNodeLsp.Run;

/// <summary>An interpreter to run with, or why there is none (a message that names the setting to change).</summary>
internal sealed record InterpreterChoice(string? Path, string? Error);

internal static class RunEnvironment
{
    public const string PythonSetting = "codeNode.python.path";
    public const string NodeSetting = "codeNode.node.path";

    /// <summary>Variables copied from the server's environment when set; everything else is left out on purpose.</summary>
    private static readonly string[] Passed =
    [
        "PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR",
        "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",
        "http_proxy", "https_proxy", "no_proxy", "VIRTUAL_ENV", "CONDA_PREFIX", "SYSTEMROOT",
    ];

    private static readonly ConcurrentDictionary<string, string> RealPython = new(StringComparer.Ordinal);

    /// <summary>
    /// The environment of every run process: a short list of the server's variables (above) plus the encoding and
    /// bytecode settings a harness needs, and <c>CODENODE_RUN=1</c> so a node can tell it runs locally.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ForRun()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Passed)
        {
            var value = Environment.GetEnvironmentVariable(name);
            if (!string.IsNullOrEmpty(value)) env[name] = value;
        }
        env["PYTHONIOENCODING"] = "utf-8";
        env["PYTHONDONTWRITEBYTECODE"] = "1";
        env["PYTHONUTF8"] = "1";
        env["CODENODE_RUN"] = "1";
        return env;
    }

    /// <summary>
    /// The Python to run with: the setting, else the client's choice (the Python extension's interpreter), else
    /// <c>python3</c> from PATH. Shims (pyenv costs ~55 ms per start) are resolved once to the real binary.
    /// </summary>
    public static InterpreterChoice Python(RunSettings settings)
    {
        string? configured = settings.PythonPath;
        string source = configured != null ? $"setting {PythonSetting}" : settings.ClientPythonPath != null ? "the client's selected interpreter" : "PATH";
        string? chosen = configured ?? settings.ClientPythonPath;
        string? found = chosen != null ? FindProgram(chosen) : PythonNames(OperatingSystem.IsWindows()).Select(FindProgram).FirstOrDefault(f => f != null);
        if (found == null)
        {
            return new(null, chosen != null
                ? $"Python interpreter '{chosen}' (from {source}) was not found or is not executable. Set {PythonSetting} to a Python 3 interpreter."
                : $"No Python interpreter found: none of {string.Join(", ", PythonNames(OperatingSystem.IsWindows()).Select(n => $"'{n}'"))} is on PATH. Install Python 3 or set {PythonSetting} to its path.");
        }
        return new(RealPython.GetOrAdd(found, ResolveRealPython), null);
    }

    /// <summary>The Node.js to run TypeScript with: the setting, else <c>node</c> from PATH.</summary>
    public static InterpreterChoice Node(RunSettings settings)
    {
        string candidate = settings.NodePath ?? "node";
        var found = FindProgram(candidate);
        if (found != null) return new(found, null);
        return new(null, settings.NodePath != null
            ? $"Node.js '{candidate}' (from setting {NodeSetting}) was not found or is not executable. Set {NodeSetting} to a Node.js 20 or later binary."
            : $"No Node.js found: 'node' is not on PATH. Install Node.js 20 or later or set {NodeSetting} to its path.");
    }

    /// <summary>
    /// The names tried for Python when nothing is configured, in order. POSIX systems install Python 3 as
    /// <c>python3</c> (a bare <c>python</c> may be Python 2 on old systems, so it comes second). Windows installs
    /// <c>python.exe</c>, and the python.org installer adds the <c>py</c> launcher, which starts the newest Python 3
    /// (its real interpreter is then found through <c>sys.executable</c>); <c>python3</c> last, for the Store's alias.
    /// </summary>
    public static IReadOnlyList<string> PythonNames(bool windows) => windows ? ["python", "py", "python3"] : ["python3", "python"];

    /// <summary>A program's full path: as given when it contains a slash, else searched on PATH; null when absent.</summary>
    public static string? FindProgram(string name) =>
        FindProgram(name, OperatingSystem.IsWindows(), Environment.GetEnvironmentVariable("PATH") ?? "", Environment.GetEnvironmentVariable("PATHEXT"), IsExecutable);

    /// <summary>
    /// <see cref="FindProgram(string)"/> for a given OS, PATH and PATHEXT (tests pass Windows' on Linux). On Windows a
    /// name without an extension is tried with each PATHEXT extension (default <c>.COM;.EXE;.BAT;.CMD</c>), as
    /// <c>cmd.exe</c> does, so <c>node</c> finds <c>node.exe</c>; the PATH separator is ';' there.
    /// </summary>
    public static string? FindProgram(string name, bool windows, string path, string? pathExt, Func<string, bool> isExecutable)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var names = new List<string> { name };
        if (windows && !Path.HasExtension(name))
            names.InsertRange(0, (string.IsNullOrEmpty(pathExt) ? ".COM;.EXE;.BAT;.CMD" : pathExt)
                .Split(';', StringSplitOptions.RemoveEmptyEntries).Select(e => name + e.ToLowerInvariant()));
        if (name.Contains('/') || name.Contains('\\'))
            return names.FirstOrDefault(isExecutable) is { } given ? Path.GetFullPath(given) : null;
        foreach (var dir in path.Split(windows ? ';' : Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in names)
            {
                var full = windows ? dir.TrimEnd('\\', '/') + "\\" + candidate : Path.Combine(dir, candidate);
                if (isExecutable(full)) return full;
            }
        }
        return null;
    }

    private static bool IsExecutable(string path)
    {
        try
        {
            if (!File.Exists(path)) return false;
            if (OperatingSystem.IsWindows()) return true;
            return (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { return false; }
    }

    /// <summary>Asks the interpreter for <c>sys.executable</c>; a shim answers with the binary it would start.</summary>
    private static string ResolveRealPython(string path)
    {
        try
        {
            var psi = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("import sys; print(sys.executable)");
            using var p = Process.Start(psi);
            if (p == null) return path;
            p.StandardInput.Close();
            var output = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(10_000))
            {
                ProcessTree.KillGroup(p.Id);
                return path;
            }
            var real = output.Result.Trim();
            return p.ExitCode == 0 && real.Length > 0 && File.Exists(real) ? real : path;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return path;
        }
    }

    /// <summary>
    /// The folder for harness files and dependency environments: the setting, else <c>CODENODE_CACHE_DIR</c>, else
    /// <c>$XDG_CACHE_HOME/codenode</c>, else <c>~/.cache/codenode</c>. Never inside the user's workspace.
    /// </summary>
    public static string CacheDir(RunSettings settings)
    {
        if (!string.IsNullOrEmpty(settings.CacheDir)) return settings.CacheDir;
        var env = Environment.GetEnvironmentVariable("CODENODE_CACHE_DIR");
        if (!string.IsNullOrEmpty(env)) return env;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg)) return Path.Combine(xdg, "codenode");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? Path.Combine(Path.GetTempPath(), "codenode") : Path.Combine(home, ".cache", "codenode");
    }

    private static readonly ConcurrentDictionary<string, string> Written = new(StringComparer.Ordinal);

    /// <summary>
    /// The path of an embedded harness file (harness.py, harness.js) written under the cache folder. The folder is
    /// named by the content's hash, so two versions of the server never overwrite each other's file.
    /// </summary>
    public static string HarnessFile(RunSettings settings, string name) =>
        Written.GetOrAdd(CacheDir(settings) + "\0" + name, _ =>
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("CodeNodeLsp.Run.Harness." + name)
                ?? throw new InvalidOperationException("Missing embedded harness " + name);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var bytes = memory.ToArray();
            var hash = ContentHash(bytes);
            var dir = Path.Combine(CacheDir(settings), "harness", hash);
            var path = Path.Combine(dir, name);
            if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
            {
                Directory.CreateDirectory(dir);
                var tmp = path + "." + Environment.ProcessId + ".tmp";
                File.WriteAllBytes(tmp, bytes);
                File.Move(tmp, path, overwrite: true);
            }
            return path;
        });

    /// <summary>
    /// 64-bit FNV-1a of a harness file, in hex. Not SHA-256: the server starts a harness when it initializes, and the
    /// cryptography library that SHA-256 loads adds about 5 MiB to every server process (peak memory, docs/BENCHMARKS.md);
    /// telling two versions of our own file apart needs no cryptographic strength.
    /// </summary>
    private static string ContentHash(ReadOnlySpan<byte> bytes)
    {
        ulong h = 14695981039346656037;
        foreach (byte b in bytes) h = (h ^ b) * 1099511628211;
        return h.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A short stable hash of some text, for cache folder names.</summary>
    public static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..20].ToLowerInvariant();
}
