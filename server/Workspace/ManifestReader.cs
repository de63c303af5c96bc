// Reads a codenode.json text into a Manifest, with a diagnostic (code and exact span) for every problem found.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;
using CodeNodeLsp.Analysis.Json;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Workspace;

public static class ManifestReader
{
    private static readonly HashSet<string> TopLevelFields = ["$schema", "nodes", "rules", "pflow"];
    private static readonly HashSet<string> NodeFields =
        ["dialect", "file", "language", "upstream", "dependencies", "timeout", "variables", "inputs", "conditions", "description",
         "args", "typescript"];

    /// <summary>
    /// Parses <paramref name="text"/> (the content of <paramref name="manifestPath"/>). <paramref name="fileExists"/>
    /// is asked about each node's file so tests can run without a disk.
    /// </summary>
    public static Manifest Read(string manifestPath, string text, Func<string, bool> fileExists)
    {
        string fullPath = Path.GetFullPath(manifestPath);
        string dir = Path.GetDirectoryName(fullPath) ?? fullPath;
        var diags = new List<Diagnostic>();
        var nodes = new List<ManifestNode>();
        var root = SpannedJson.Parse(text, out var error);
        if (root is null)
        {
            diags.Add(Diagnostic.Of(ManifestRules.InvalidJson, error!.Span, "Invalid JSON: " + error.Message + "."));
            return new Manifest { Path = fullPath, Directory = dir, Nodes = nodes, Diagnostics = diags };
        }
        if (root.Kind != JsonKind.Object)
        {
            diags.Add(Diagnostic.Of(ManifestRules.WrongType, root.Span, $"The manifest must be a JSON object with a \"nodes\" object, not {root.KindName}."));
            return new Manifest { Path = fullPath, Directory = dir, Nodes = nodes, Diagnostics = diags };
        }
        foreach (var m in root.Members)
            if (!TopLevelFields.Contains(m.Key))
                diags.Add(Diagnostic.Of(ManifestRules.UnknownField, m.KeySpan, $"Unknown manifest field \"{m.Key}\" is ignored; the manifest has \"nodes\".{Suggestions.DidYouMean(m.Key, TopLevelFields)}"));

        var rules = ReadRules(root.Member("rules"), diags);
        var nodesMember = root.Member("nodes");
        if (nodesMember is null && root.Member("pflow") is not null)
        {
            // A manifest that only sets the pflow version needs no nodes.
        }
        else if (nodesMember is null)
        {
            diags.Add(Diagnostic.Of(ManifestRules.MissingField, new TextSpan(root.Span.Start, 1), "The manifest has no \"nodes\" object."));
        }
        else if (nodesMember.Value.Kind != JsonKind.Object)
        {
            diags.Add(Diagnostic.Of(ManifestRules.WrongType, nodesMember.Value.Span, $"\"nodes\" must be an object of node ids to node entries, not {nodesMember.Value.KindName}."));
        }
        else
        {
            var seenFiles = new Dictionary<string, string>(PathUtil.PathComparison == StringComparison.Ordinal ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
            foreach (var entry in nodesMember.Value.Members)
            {
                var node = ReadNode(entry, fullPath, text, dir, fileExists, diags);
                if (node is null) continue;
                if (seenFiles.TryGetValue(node.FilePath, out string? firstId))
                {
                    diags.Add(Diagnostic.Of(ManifestRules.DuplicateFile, entry.KeySpan, $"Node \"{entry.Key}\" names the same file as node \"{firstId}\"; only \"{firstId}\" is used."));
                    continue;
                }
                seenFiles[node.FilePath] = entry.Key;
                nodes.Add(node);
            }
        }
        return new Manifest { Path = fullPath, Directory = dir, Nodes = nodes, Diagnostics = diags, Rules = rules, PflowVersion = ReadPflowVersion(root, diags) };
    }

    /// <summary>
    /// The optional <c>"rules": {"ignore": [...], "severity": {...}}</c> object: the rule configuration of every file in
    /// the manifest's folder and below (docs/suppressions.md). Bad entries are reported (MF002, MF009) and skipped.
    /// </summary>
    private static RuleConfig ReadRules(JsonMember? member, List<Diagnostic> diags)
    {
        if (member is null) return RuleConfig.Empty;
        if (member.Value.Kind != JsonKind.Object)
        {
            diags.Add(Diagnostic.Of(ManifestRules.WrongType, member.Value.Span, $"\"rules\" must be an object with \"ignore\" and \"severity\", not {member.Value.KindName}."));
            return RuleConfig.Empty;
        }
        foreach (var m in member.Value.Members)
            if (m.Key is not ("ignore" or "severity"))
                diags.Add(Diagnostic.Of(ManifestRules.UnknownField, m.KeySpan, $"Unknown field \"{m.Key}\" in \"rules\" is ignored; it has \"ignore\" and \"severity\".{Suggestions.DidYouMean(m.Key, ["ignore", "severity"])}"));
        var problems = new List<string>();
        var config = Settings.ReadRules(member.Value.Member("ignore")?.Value.ToJToken(), member.Value.Member("severity")?.Value.ToJToken(), problems);
        foreach (string problem in problems)
            diags.Add(Diagnostic.Of(ManifestRules.BadValue, member.KeySpan, problem));
        return config;
    }

    /// <summary><c>"pflow": {"version": "current" | "0.8"}</c>; anything else is reported and ignored.</summary>
    private static PflowVersion? ReadPflowVersion(JsonNode root, List<Diagnostic> diags)
    {
        var pflow = root.Member("pflow");
        if (pflow is null) return null;
        if (pflow.Value.Kind != JsonKind.Object)
        {
            diags.Add(Diagnostic.Of(ManifestRules.WrongType, pflow.Value.Span, $"\"pflow\" must be an object such as {{\"version\": \"0.8\"}}, not {pflow.Value.KindName}."));
            return null;
        }
        var version = pflow.Value.Member("version");
        if (version is null) return null;
        if (version.Value.Kind == JsonKind.String && AnalysisSettings.ParsePflowVersion(version.Value.StringValue) is { } v) return v;
        diags.Add(Diagnostic.Of(ManifestRules.BadValue, version.Value.Span, "\"pflow.version\" must be \"current\" or \"0.8\"."));
        return null;
    }

    private static ManifestNode? ReadNode(JsonMember entry, string manifestPath, string manifestText, string dir, Func<string, bool> fileExists, List<Diagnostic> diags)
    {
        string id = entry.Key;
        var obj = entry.Value;
        if (obj.Kind != JsonKind.Object)
        {
            diags.Add(Diagnostic.Of(ManifestRules.WrongType, obj.Span, $"Node \"{id}\" must be an object with \"dialect\" and \"file\", not {obj.KindName}."));
            return null;
        }
        // A node may carry a dialect's own options (read through NodeContext.Entry), so only likely typos of the
        // common fields are flagged.
        foreach (var m in obj.Members)
            if (!NodeFields.Contains(m.Key) && Suggestions.Closest(m.Key, NodeFields) is { } near)
                diags.Add(Diagnostic.Of(ManifestRules.UnknownField, m.KeySpan, $"Unknown field \"{m.Key}\" in node \"{id}\" is ignored. Did you mean \"{near}\"?"));

        bool ok = true;
        string? dialect = RequiredString(obj, "dialect", id, entry.KeySpan, diags);
        if (dialect is not null && !DialectIds.All.Contains(dialect))
        {
            diags.Add(Diagnostic.Of(ManifestRules.UnknownDialect, obj.Member("dialect")!.Value.Span,
                $"Unknown dialect \"{dialect}\" for node \"{id}\"; expected one of: {string.Join(", ", DialectIds.All)}.{Suggestions.DidYouMean(dialect, DialectIds.All)}"));
            ok = false;
        }
        string? file = RequiredString(obj, "file", id, entry.KeySpan, diags);
        string? filePath = null;
        if (file is not null)
        {
            var fileSpan = obj.Member("file")!.Value.Span;
            try
            {
                filePath = Path.GetFullPath(Path.Combine(dir, file));
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                diags.Add(Diagnostic.Of(ManifestRules.BadValue, fileSpan, $"\"{file}\" is not a valid path."));
            }
            if (filePath is not null && !fileExists(filePath))
            {
                diags.Add(Diagnostic.Of(ManifestRules.MissingFile, fileSpan, $"File \"{file}\" of node \"{id}\" does not exist (paths are relative to the manifest's folder)."));
                filePath = null;
            }
        }
        if (dialect is null || filePath is null) ok = false;

        var language = LanguageOf(filePath ?? file ?? "");
        if (obj.Member("language") is { } lang)
        {
            if (lang.Value.Kind != JsonKind.String)
                diags.Add(Diagnostic.Of(ManifestRules.WrongType, lang.Value.Span, $"\"language\" must be a string, not {lang.Value.KindName}."));
            else if (lang.Value.StringValue is "python") language = NodeLanguage.Python;
            else if (lang.Value.StringValue is "typescript") language = NodeLanguage.TypeScript;
            else
                diags.Add(Diagnostic.Of(ManifestRules.BadValue, lang.Value.Span, $"\"language\" must be \"python\" or \"typescript\", not \"{lang.Value.StringValue}\"."));
        }

        double? timeout = null;
        if (obj.Member("timeout") is { } t)
        {
            if (t.Value.Kind != JsonKind.Number)
                diags.Add(Diagnostic.Of(ManifestRules.WrongType, t.Value.Span, $"\"timeout\" must be a number of seconds, not {t.Value.KindName}."));
            else if (t.Value.NumberValue <= 0 || double.IsInfinity(t.Value.NumberValue))
                diags.Add(Diagnostic.Of(ManifestRules.BadValue, t.Value.Span, "\"timeout\" must be a positive number of seconds."));
            else
                timeout = t.Value.NumberValue;
        }

        var context = new NodeContext
        {
            Dialect = dialect ?? "",
            Language = language,
            NodeId = id,
            ManifestPath = manifestPath,
            ManifestText = manifestText,
            Entry = (JObject)obj.ToJToken(),
            Upstream = SampleMap(obj, "upstream", id, diags),
            Dependencies = StringList(obj, "dependencies", id, diags),
            TimeoutSeconds = timeout,
            Variables = SampleMap(obj, "variables", id, diags),
            Inputs = SampleMap(obj, "inputs", id, diags),
            Conditions = StringList(obj, "conditions", id, diags),
        };
        return ok ? new ManifestNode(id, entry.KeySpan, filePath!, context) : null;
    }

    public static NodeLanguage LanguageOf(string path)
    {
        if (path.EndsWith(".ts", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".mts", StringComparison.OrdinalIgnoreCase)) return NodeLanguage.TypeScript;
        if (path.EndsWith(".md", StringComparison.OrdinalIgnoreCase)) return NodeLanguage.Markdown;
        return NodeLanguage.Python;
    }

    private static string? RequiredString(JsonNode obj, string field, string id, TextSpan keySpan, List<Diagnostic> diags)
    {
        var m = obj.Member(field);
        if (m is null)
        {
            diags.Add(Diagnostic.Of(ManifestRules.MissingField, keySpan, $"Node \"{id}\" has no \"{field}\"."));
            return null;
        }
        if (m.Value.Kind != JsonKind.String)
        {
            diags.Add(Diagnostic.Of(ManifestRules.WrongType, m.Value.Span, $"\"{field}\" of node \"{id}\" must be a string, not {m.Value.KindName}."));
            return null;
        }
        return m.Value.StringValue;
    }

    private static IReadOnlyDictionary<string, JToken?> SampleMap(JsonNode obj, string field, string id, List<Diagnostic> diags)
    {
        var result = new Dictionary<string, JToken?>(StringComparer.Ordinal);
        if (obj.Member(field) is not { } m) return result;
        if (m.Value.Kind != JsonKind.Object)
        {
            diags.Add(Diagnostic.Of(ManifestRules.WrongType, m.Value.Span, $"\"{field}\" of node \"{id}\" must be an object of names to sample values, not {m.Value.KindName}."));
            return result;
        }
        foreach (var item in m.Value.Members)
            result[item.Key] = item.Value.Kind == JsonKind.Null ? null : item.Value.ToJToken();
        return result;
    }

    private static IReadOnlyList<string> StringList(JsonNode obj, string field, string id, List<Diagnostic> diags)
    {
        if (obj.Member(field) is not { } m) return [];
        if (m.Value.Kind != JsonKind.Array)
        {
            diags.Add(Diagnostic.Of(ManifestRules.WrongType, m.Value.Span, $"\"{field}\" of node \"{id}\" must be an array of strings, not {m.Value.KindName}."));
            return [];
        }
        var list = new List<string>();
        foreach (var item in m.Value.Items)
        {
            if (item.Kind == JsonKind.String) list.Add(item.StringValue!);
            else diags.Add(Diagnostic.Of(ManifestRules.WrongType, item.Span, $"Items of \"{field}\" must be strings, not {item.KindName}."));
        }
        return list;
    }
}
