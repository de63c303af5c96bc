// Checks of {{ns.path}} placeholders: their shape, and whether the node's variables know what they read or write.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Syntax.Python;
using Attribute = CodeNodeLsp.Syntax.Python.Attribute;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Dialects.Voxworks;

/// <summary>
/// Placeholder rules. Known variables are the node's manifest <c>variables</c> plus the samples file's
/// <c>variables</c>; a path below a known variable is known when its sample has that field (or the sample is
/// unknown). The <c>custom.</c> namespace is special (PLATFORMS.md C.2): a write creates nested dicts as needed,
/// so writing an unknown custom path is fine, and reading one is fine when this step writes it too; reading one
/// that nothing provides is a warning, because it reads nothing until some step writes it.
/// </summary>
public static class VoxworksPlaceholderChecks
{
    /// <summary>The custom namespace whose writes create what they need.</summary>
    public const string CustomPrefix = "custom.";

    /// <summary>True for dot-separated segments of ASCII letters, digits and '_' (the first segment starts with a letter or '_').</summary>
    public static bool IsWellFormedPath(string path)
    {
        if (path.Length == 0) return false;
        bool segmentStart = true;
        for (int i = 0; i < path.Length; i++)
        {
            char c = path[i];
            if (c == '.')
            {
                if (segmentStart) return false;
                segmentStart = true;
                continue;
            }
            bool ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (c is >= '0' and <= '9' && !(segmentStart && i == 0));
            if (!ok) return false;
            segmentStart = false;
        }
        return !segmentStart;
    }

    /// <summary>Reports a malformed path, or a path segment that starts with '_'.</summary>
    public static void CheckPath(Placeholder p, List<Diagnostic> diags)
    {
        if (!IsWellFormedPath(p.Path))
        {
            diags.Add(Diagnostic.Of(VoxworksRules.MalformedPlaceholder, p.Span,
                $"Malformed placeholder '{Clip(p.Path)}': expected {{{{ns.path}}}} with dot-separated names of letters, digits and '_'"));
            return;
        }
        foreach (var segment in p.Path.Split('.'))
        {
            if (segment.StartsWith('_'))
            {
                diags.Add(Diagnostic.Of(VoxworksRules.UnderscoreName, p.PathSpan.IsEmpty ? p.Span : p.PathSpan,
                    $"Placeholder segment '{segment}' is not allowed: names starting with '_' are refused"));
                return;
            }
        }
    }

    /// <summary>Reports reads and writes of variables that nothing known provides, with "did you mean".</summary>
    public static void Check(IReadOnlyList<PlaceholderUse> uses, IReadOnlyDictionary<string, JToken?> known,
        NodeContext context, string text, List<Diagnostic> diags)
    {
        // A pragma-only file has no manifest entry and no samples: every variable would be "unknown", so say nothing.
        if (known.Count == 0 && context.NodeId == null) return;

        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var u in uses)
            if (u.IsWrite && IsWellFormedPath(u.Path)) written.Add(u.Path);

        foreach (var u in uses)
        {
            string path = u.Path;
            // Malformed and underscore paths are already refused by CheckPath; one error per mistake is enough.
            if (!IsWellFormedPath(path) || HasUnderscoreSegment(path) || IsKnown(path, known)) continue;
            bool custom = path.StartsWith(CustomPrefix, StringComparison.Ordinal);
            if (u.IsWrite && !u.IsRead)
            {
                if (custom) continue;
                Report(VoxworksRules.UnknownVariable, u, known, written, diags,
                    $"Unknown variable '{path}': the node's variables do not list it.");
                continue;
            }
            if (Related(path, written)) continue;
            if (custom)
                Report(VoxworksRules.UnknownCustomVariable, u, known, written, diags,
                    $"Unknown custom variable '{path}': nothing known or written in this step provides it, so it reads nothing until a step writes it.");
            else
                Report(VoxworksRules.UnknownVariable, u, known, written, diags,
                    $"Unknown variable '{path}': the node's variables do not list it.");
        }
    }

    private static void Report(RuleInfo rule, PlaceholderUse u, IReadOnlyDictionary<string, JToken?> known,
        HashSet<string> written, List<Diagnostic> diags, string message)
    {
        var candidates = known.Keys.Concat(written.Where(w => w != u.Path));
        string? best = Suggestions.Closest(u.Path, candidates);
        var span = u.Node.PathSpan.IsEmpty ? u.Node.Span : u.Node.PathSpan;
        if (best == null)
        {
            diags.Add(Diagnostic.Of(rule, span, message));
            return;
        }
        var fix = VoxworksFixes.Replace($"Change to {{{{{best}}}}}", span, best);
        diags.Add(Diagnostic.Of(rule, span, $"{message} Did you mean \"{best}\"?", fix));
    }

    /// <summary>True when the path is a known variable, a field inside one, or a parent of one.</summary>
    public static bool IsKnown(string path, IReadOnlyDictionary<string, JToken?> known)
    {
        if (known.ContainsKey(path)) return true;
        foreach (var (key, sample) in known)
        {
            if (path.Length > key.Length && path[key.Length] == '.' && path.StartsWith(key, StringComparison.Ordinal))
                return SampleHas(sample, path[(key.Length + 1)..]);
            if (key.Length > path.Length && key[path.Length] == '.' && key.StartsWith(path, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    /// <summary>The sample value at a path below a known variable, or null when there is none.</summary>
    public static JToken? SampleAt(string path, IReadOnlyDictionary<string, JToken?> known)
    {
        if (known.TryGetValue(path, out var exact)) return exact;
        foreach (var (key, sample) in known)
        {
            if (path.Length > key.Length && path[key.Length] == '.' && path.StartsWith(key, StringComparison.Ordinal))
                return Navigate(sample, path[(key.Length + 1)..]);
        }
        return null;
    }

    private static bool SampleHas(JToken? sample, string rest)
    {
        if (sample == null || sample.Type == JTokenType.Null) return true; // No sample: nothing to contradict.
        return Navigate(sample, rest) != null;
    }

    private static JToken? Navigate(JToken? token, string rest)
    {
        foreach (var segment in rest.Split('.'))
        {
            token = token switch
            {
                JObject o => o.TryGetValue(segment, out var v) ? v : null,
                JArray a when int.TryParse(segment, out int i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            };
            if (token == null) return null;
        }
        return token;
    }

    // A read of custom.a is provided by a write of custom.a, custom.a.b (which creates custom.a) or custom (a parent).
    private static bool Related(string path, HashSet<string> written)
    {
        if (written.Contains(path)) return true;
        foreach (var w in written)
        {
            if (w.Length > path.Length && w[path.Length] == '.' && w.StartsWith(path, StringComparison.Ordinal)) return true;
            if (path.Length > w.Length && path[w.Length] == '.' && path.StartsWith(w, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static bool HasUnderscoreSegment(string path) => path.StartsWith('_') || path.Contains("._", StringComparison.Ordinal);

    private static string Clip(string s) => s.Length > 40 ? s[..37] + "..." : s;
}
