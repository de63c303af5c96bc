// The samples file .codenode/samples.json at the workspace root: loads it as a SampleSet and records run outputs atomically.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Analysis.Json;
using CodeNodeLsp.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Workspace;

/// <summary>
/// Owns one workspace's samples file. Reads are cached until the file's timestamp or size changes; writes
/// (<c>Record...</c>) re-read the file, change one entry and replace the file atomically, so values written by
/// hand survive. A broken file is never overwritten: recording then fails with a message instead.
/// </summary>
public sealed class SampleStore
{
    public const string FolderName = ".codenode";
    public const string FileName = "samples.json";

    private readonly object _lock = new();
    private (DateTime Stamp, long Length)? _loadedStamp;
    private SampleSet _cached = SampleSet.Empty;

    public SampleStore(string workspaceRoot)
    {
        Root = workspaceRoot;
        FilePath = Path.Combine(workspaceRoot, FolderName, FileName);
    }

    public string Root { get; }
    public string FilePath { get; }

    /// <summary>Why the file could not be read the last time, or null.</summary>
    public string? LoadError { get; private set; }

    /// <summary>Raised after a successful Record call (the server re-analyses open nodes).</summary>
    public event Action? Changed;

    public SampleSet Load()
    {
        lock (_lock)
        {
            var info = new FileInfo(FilePath);
            if (!info.Exists)
            {
                _loadedStamp = null;
                _cached = SampleSet.Empty;
                LoadError = null;
                return _cached;
            }
            var stamp = (info.LastWriteTimeUtc, info.Length);
            if (_loadedStamp == stamp) return _cached;
            _loadedStamp = stamp;
            (_cached, LoadError) = ReadFile(FilePath);
            return _cached;
        }
    }

    private static (SampleSet, string?) ReadFile(string path)
    {
        try
        {
            string text = File.ReadAllText(path);
            return Parse(text, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (SampleSet.Empty, $"{path}: {e.Message}");
        }
    }

    /// <summary>Parses a samples text; an empty text is an empty set.</summary>
    public static (SampleSet Samples, string? Error) Parse(string text, string path)
    {
        if (string.IsNullOrWhiteSpace(text)) return (SampleSet.Empty, null);
        try
        {
            using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None, MaxDepth = 256 };
            var token = JToken.ReadFrom(reader);
            if (token is not JObject obj) return (SampleSet.Empty, $"{path}: the samples file must hold a JSON object.");
            // A section of the wrong type is dropped (readers index it by key), and the rest is still used.
            string? error = null;
            foreach (string section in Sections)
            {
                if (obj[section] is { } value && value is not JObject)
                {
                    obj.Remove(section);
                    error = $"{path}: \"{section}\" must be an object; it is ignored.";
                }
            }
            return (new SampleSet(obj), error);
        }
        catch (JsonException e)
        {
            return (SampleSet.Empty, $"{path}: not valid JSON: {e.Message}");
        }
    }

    /// <summary>The sections of the file; each must be an object when present.</summary>
    public static readonly IReadOnlyList<string> Sections = ["workflows", "nodes", "variables"];

    /// <summary>Problems of a samples text, with exact spans (shown when the file is open in the editor).</summary>
    public static IReadOnlyList<Diagnostic> Check(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var root = SpannedJson.Parse(text, out var error);
        if (root is null) return [Diagnostic.Of(ManifestRules.SamplesInvalid, error!.Span, "Invalid JSON: " + error.Message + ". The samples in this file are not used until it is fixed.")];
        if (root.Kind != JsonKind.Object)
            return [Diagnostic.Of(ManifestRules.SamplesInvalid, new TextSpan(root.Span.Start, 1), $"The samples file must be a JSON object with \"workflows\", \"nodes\" and \"variables\", not {root.KindName}.")];
        var result = new List<Diagnostic>();
        foreach (string section in Sections)
            if (root.Member(section) is { } m && m.Value.Kind != JsonKind.Object)
                result.Add(Diagnostic.Of(ManifestRules.SamplesInvalid, m.Value.Span, $"\"{section}\" must be an object, not {m.Value.KindName}."));
        return result;
    }

    /// <summary>Records a pflow step's outputs under <c>workflows.&lt;relpath&gt;.steps.&lt;stepId&gt;</c>.</summary>
    public string? RecordStepOutputs(string workflowPath, string stepId, JToken outputs) =>
        Update(root => Section(Section(Section(root, "workflows"), WorkflowKey(workflowPath)), "steps")[stepId] = outputs.DeepClone());

    /// <summary>Records a pflow workflow's input values under <c>workflows.&lt;relpath&gt;.inputs</c>.</summary>
    public string? RecordWorkflowInputs(string workflowPath, JObject inputs) =>
        Update(root => Section(Section(root, "workflows"), WorkflowKey(workflowPath))["inputs"] = inputs.DeepClone());

    /// <summary>Records a Stack AI node's output under <c>nodes.&lt;id&gt;</c>.</summary>
    public string? RecordNodeOutput(string nodeId, JToken output) =>
        Update(root => Section(root, "nodes")[nodeId] = output.DeepClone());

    /// <summary>Records Voxworks variable writes under <c>variables.&lt;dotted path&gt;</c>.</summary>
    public string? RecordVariables(IReadOnlyDictionary<string, JToken?> values) =>
        Update(root =>
        {
            var vars = Section(root, "variables");
            foreach (var (k, v) in values) vars[k] = v?.DeepClone() ?? JValue.CreateNull();
        });

    /// <summary>The key of a workflow in the samples file: its path relative to the workspace root, with '/'.</summary>
    public string WorkflowKey(string workflowPath) =>
        Path.IsPathRooted(workflowPath) ? PathUtil.Relative(Root, workflowPath) : workflowPath.Replace('\\', '/');

    /// <summary>Applies a change and writes the file atomically. Returns null on success or the reason it failed.</summary>
    private string? Update(Action<JObject> change)
    {
        lock (_lock)
        {
            JObject root;
            if (File.Exists(FilePath))
            {
                string text;
                try { text = File.ReadAllText(FilePath); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return $"Cannot read {FilePath}: {e.Message}"; }
                var (set, error) = Parse(text, FilePath);
                if (error is not null) return error + " The file was left unchanged; fix it to record new samples.";
                root = (JObject)set.Root.DeepClone();
            }
            else
            {
                root = new JObject();
            }
            change(root);
            string tmp = FilePath + "." + Environment.ProcessId + ".tmp";
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
                File.WriteAllText(tmp, root.ToString(Formatting.Indented) + "\n");
                File.Move(tmp, FilePath, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                try { File.Delete(tmp); } catch (Exception) { /* best effort: the temp file is ours */ }
                return $"Cannot write {FilePath}: {e.Message}";
            }
            _loadedStamp = null;
        }
        Changed?.Invoke();
        return null;
    }

    private static JObject Section(JObject parent, string key)
    {
        if (parent[key] is JObject existing) return existing;
        var created = new JObject();
        parent[key] = created;
        return created;
    }
}
