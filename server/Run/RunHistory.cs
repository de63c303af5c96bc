// Run history: the last runs of each node, kept in .codenode/runs/ (bounded, git-ignored), for the view and `--last`.
using System.Globalization;
using System.Security.Cryptography;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Dialects.Pflow;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Run;

/// <summary>
/// One file per node, <c>.codenode/runs/REL.json</c> (<c>REL@STEP.json</c> for a pflow step, REL the file's path in
/// the workspace), holding <c>{"runs": [...]}</c> newest first. Each entry is <c>{"id", "at", "file", "node",
/// "given"?, "case"?, "result"}</c> with the result object as <c>codenode.run</c> returned it, its captured streams
/// cut to <see cref="StreamCap"/> characters. At most <see cref="Size"/> runs are kept per node. The folder holds a
/// <c>.gitignore</c> of <c>*</c>, so it never shows up as a change. Written atomically; never throws on IO.
/// </summary>
public static class RunHistory
{
    /// <summary>How many runs of one node are kept (docs/run.md).</summary>
    public const int Size = 20;
    /// <summary>Characters of stdout, stderr and process output kept per stored run.</summary>
    public const int StreamCap = 64 * 1024;

    public static string Folder(string root) => Path.Combine(root, ".codenode", "runs");

    /// <summary>
    /// The node's key in file names: the file's path in the workspace with forward slashes, plus <c>@STEP</c> for a
    /// pflow step (only pflow files hold several nodes). A file outside the workspace uses its name.
    /// </summary>
    public static string Key(string root, string path, string dialect, string? node)
    {
        var rel = WorkflowSamples.KeyFor(path, root);
        if (rel.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(rel)) rel = Path.GetFileName(path);
        return dialect == DialectIds.Pflow && !string.IsNullOrEmpty(node) ? rel + "@" + SafeName(node) : rel;
    }

    /// <summary>A step id or case name as a file-name part: anything but letters, digits, '.', '_' and '-' becomes '_'.</summary>
    public static string SafeName(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_').ToArray());

    public static string FileFor(string root, string key) => Path.Combine(Folder(root), key.Replace('/', Path.DirectorySeparatorChar) + ".json");

    /// <summary>A new entry id: the time, to the millisecond, and four random hex digits.</summary>
    public static string NewId(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fff'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(2)).ToLowerInvariant();

    /// <summary>The entry stored for one run (the result JSON with its streams cut to <see cref="StreamCap"/>).</summary>
    public static JObject Entry(string id, DateTimeOffset at, string key, RunResult result, JObject? given, string? caseName)
    {
        var json = result.ToJson();
        foreach (var stream in new[] { "stdout", "stderr", "processOutput" })
            if (json[stream] is JValue { Type: JTokenType.String } v && ((string)v!).Length > StreamCap)
            {
                var text = (string)v!;
                json[stream] = text[..StreamCap] + Truncation.Marker(text.Length - StreamCap, "characters");
            }
        var entry = new JObject
        {
            ["id"] = id,
            ["at"] = at.UtcDateTime.ToString("o", CultureInfo.InvariantCulture),
            ["file"] = key.Split('@')[0],
            ["node"] = result.Node is null ? JValue.CreateNull() : result.Node,
        };
        if (given is { Count: > 0 }) entry["given"] = given.DeepClone();
        if (caseName != null) entry["case"] = caseName;
        entry["result"] = json;
        return entry;
    }

    /// <summary>The node's runs, newest first; empty when none are kept or the file cannot be read.</summary>
    public static JArray Read(string root, string key)
    {
        try
        {
            var file = FileFor(root, key);
            if (!File.Exists(file)) return [];
            return RunJson.Parse(File.ReadAllText(file))["runs"] as JArray ?? [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException) { return []; }
    }

    /// <summary>
    /// Puts the entry first and keeps the newest <see cref="Size"/>. A history file that is not valid JSON is ours
    /// (never the user's), so it is replaced. Returns null, or why the history could not be written.
    /// </summary>
    public static string? Append(string root, string key, JObject entry)
    {
        try
        {
            var runs = Read(root, key);
            runs.AddFirst(entry);
            while (runs.Count > Size) runs.Last!.Remove();
            RunFiles.EnsureIgnoredFolder(Folder(root));
            RunFiles.WriteAtomic(FileFor(root, key), new JObject { ["runs"] = runs }.ToString(Formatting.Indented) + "\n");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return e.Message;
        }
    }
}

/// <summary>Writing the runner's own files in the workspace's <c>.codenode/</c> folder.</summary>
public static class RunFiles
{
    /// <summary>Writes through a temporary file and a rename, so a reader never sees half a file.</summary>
    public static void WriteAtomic(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = path + "." + Environment.ProcessId + ".tmp";
        try
        {
            File.WriteAllText(tmp, text);
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>
    /// Creates a folder of ours (<c>.codenode/runs</c>, <c>.codenode/inputs</c>) with a <c>.gitignore</c> of <c>*</c>, so
    /// git never lists what it holds.
    /// </summary>
    public static void EnsureIgnoredFolder(string folder)
    {
        Directory.CreateDirectory(folder);
        var ignore = Path.Combine(folder, ".gitignore");
        if (!File.Exists(ignore)) File.WriteAllText(ignore, "# Written by codenode (docs/run.md): local run data, not for version control.\n*\n");
    }
}
