// Saved test cases: named input sets kept next to the node (FILE.cases.json), run again by name.
using CodeNodeLsp.Analysis;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Run;

/// <summary>
/// A node's test cases live next to it, in <c>FILE.cases.json</c> (<c>summarize.py.cases.json</c>,
/// <c>flow.pflow.md.cases.json</c>): <c>{"cases": [{"name", "node"?, "inputs"}]}</c>, where <c>inputs</c> has the
/// shape of <c>--inputs</c> and <c>node</c> names the pflow step (a workflow file holds several). The file is the
/// user's (meant to be committed); it is written only when the user saves a case, and a file that is not valid JSON
/// is never overwritten.
/// </summary>
public static class TestCases
{
    public static string FileFor(string nodePath) => nodePath + ".cases.json";

    /// <summary>The node's cases (name and inputs), in the file's order; why the file cannot be read, or null.</summary>
    public static (IReadOnlyList<(string Name, JObject Inputs)> Cases, string? Error) List(string nodePath, string dialect, string? node)
    {
        var (root, error) = Load(nodePath);
        if (root == null) return ([], error);
        var cases = new List<(string, JObject)>();
        foreach (var item in root["cases"] as JArray ?? [])
            if (item is JObject c && (string?)c["name"] is { Length: > 0 } name && Matches(c, dialect, node))
                cases.Add((name, c["inputs"] as JObject ?? new JObject()));
        return (cases, null);
    }

    /// <summary>The inputs of the named case, or a message saying which cases exist.</summary>
    public static (JObject? Inputs, string? Error) Find(string nodePath, string dialect, string? node, string name)
    {
        var (cases, error) = List(nodePath, dialect, node);
        if (error != null) return (null, error);
        foreach (var (n, inputs) in cases)
            if (n == name) return (inputs, null);
        var known = cases.Count == 0 ? "none" : string.Join(", ", cases.Select(c => c.Name));
        return (null, $"No test case '{name}' in {Path.GetFileName(FileFor(nodePath))}. Cases of this node: {known}.");
    }

    /// <summary>Adds the case, or replaces the one of the same name (and step). Returns null, or why it was not saved.</summary>
    public static string? Save(string nodePath, string dialect, string? node, string name, JObject inputs)
    {
        if (string.IsNullOrWhiteSpace(name)) return "A test case needs a name.";
        var file = FileFor(nodePath);
        var (root, error) = Load(nodePath);
        if (error != null) return error;
        root ??= new JObject { ["cases"] = new JArray() };
        if (root["cases"] is not JArray list) root["cases"] = list = [];
        var entry = new JObject { ["name"] = name.Trim() };
        if (dialect == DialectIds.Pflow && node != null) entry["node"] = node;
        entry["inputs"] = Clean(inputs);
        var same = list.OfType<JObject>().FirstOrDefault(c => (string?)c["name"] == name.Trim() && Matches(c, dialect, node));
        if (same != null) same.Replace(entry);
        else list.Add(entry);
        try
        {
            RunFiles.WriteAtomic(file, root.ToString(Formatting.Indented) + "\n");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"Cannot write {file}: {e.Message}";
        }
    }

    /// <summary>
    /// Inputs without <c>$schema</c> (the inputs document names its generated schema so the editor completes keys;
    /// it is not a value for the node).
    /// </summary>
    public static JObject Clean(JObject inputs)
    {
        var copy = (JObject)inputs.DeepClone();
        copy.Remove("$schema");
        return copy;
    }

    private static bool Matches(JObject c, string dialect, string? node) =>
        dialect != DialectIds.Pflow || node == null || (string?)c["node"] is not { } n || n == node;

    private static (JObject? Root, string? Error) Load(string nodePath)
    {
        var file = FileFor(nodePath);
        try
        {
            if (!File.Exists(file)) return (null, null);
            return (RunJson.ParseObject(File.ReadAllText(file)), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return (null, $"{Path.GetFileName(file)} cannot be read ({e.Message}); fix or remove it.");
        }
    }
}
