// Checks both languages share once their checker has found the facts: upstream keys and dependencies.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Dialects.StackAi;

/// <summary>An import as the checkers report it: the module as written and the span to underline.</summary>
public sealed record ImportRef(string Module, TextSpan Span);

internal static class SharedChecks
{
    /// <summary>
    /// Where diagnostics about the manifest entry go (they have no place in the code): the pragma when there is
    /// one, else the first line.
    /// </summary>
    public static TextSpan Anchor(AnalysisRequest request)
    {
        if (request.Context.PragmaSpan is { } pragma) return pragma;
        var text = request.Text;
        return TextSpan.FromBounds(0, text.LineCount > 0 ? text.LineEnd(0) : 0);
    }

    /// <summary>SA030: every literal key read from args must be an upstream node id.</summary>
    public static void CheckUpstreamKeys(AnalysisRequest request, StackAiOptions options, StackAiFacts facts, List<Diagnostic> diagnostics)
    {
        if (!options.CheckArgsKeys) return;
        var upstream = request.Context.Upstream;
        foreach (var read in facts.Reads)
        {
            if (upstream.ContainsKey(read.Key)) continue;
            string known = upstream.Count == 0 ? "this node has no upstream nodes in codenode.json" : "upstream: " + string.Join(", ", upstream.Keys);
            var suggestion = Suggestions.Closest(read.Key, upstream.Keys);
            string message = $"\"{read.Key}\" is not an upstream node of this node ({known}).";
            if (suggestion is null)
            {
                diagnostics.Add(Diagnostic.Of(StackAiRules.UnknownUpstream, read.KeySpan, message));
                continue;
            }
            var fix = new Fix($"Change to \"{suggestion}\"", [new TextEdit(read.KeySpan, suggestion)], IsPreferred: true);
            diagnostics.Add(Diagnostic.Of(StackAiRules.UnknownUpstream, read.KeySpan, message + $" Did you mean \"{suggestion}\"?", fix));
        }
    }

    /// <summary>
    /// SA040/SA041/SA042: imports against the node's dependencies, both ways. Python names go through the
    /// import→package table; TypeScript specifiers map to their npm package; built-ins need nothing.
    /// </summary>
    public static void CheckDependencies(AnalysisRequest request, IReadOnlyList<ImportRef> imports, List<Diagnostic> diagnostics)
    {
        var context = request.Context;
        bool python = context.Language != NodeLanguage.TypeScript;
        var anchor = Anchor(request);

        // The declared packages, by normalised name.
        var declared = new Dictionary<string, DependencySpec>(StringComparer.Ordinal);
        foreach (var text in context.Dependencies)
        {
            var spec = python ? PackageNames.ParsePip(text) : PackageNames.ParseNpm(text);
            if (spec.Error is { } error)
            {
                diagnostics.Add(Diagnostic.Of(StackAiRules.BadDependency, anchor, "codenode.json: " + error));
                continue;
            }
            if (spec.Name is { } name) declared.TryAdd(python ? PackageNames.NormalizePip(name) : name, spec);
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var import in imports)
        {
            string? package;
            IReadOnlyList<string> candidates;
            if (python)
            {
                if (PythonStdlib.Contains(import.Module)) continue;
                candidates = PackageNames.PipCandidates(import.Module);
                package = PackageNames.PipPackageFor(import.Module);
            }
            else
            {
                package = PackageNames.NpmPackageOf(import.Module);
                if (package is null) continue;
                candidates = [package];
            }
            bool found = false;
            foreach (var c in candidates)
            {
                if (!declared.ContainsKey(c)) continue;
                used.Add(c);
                found = true;
            }
            if (found) continue;
            string where = context.NodeId is null
                ? "this file has no codenode.json entry to declare dependencies in"
                : $"add it to \"dependencies\" of node \"{context.NodeId}\" in codenode.json";
            string named = python && !string.Equals(PackageNames.NormalizePip(package), PackageNames.NormalizePip(TopLevel(import.Module)), StringComparison.Ordinal)
                ? $"\"{import.Module}\" is installed by the package \"{package}\", which is not a declared dependency"
                : $"\"{package}\" is not {(python ? "in the standard library" : "a Node built-in")} and not a declared dependency";
            var fixes = ManifestEdits.AddDependency(context, package) is { } fix ? new[] { fix } : [];
            diagnostics.Add(Diagnostic.Of(StackAiRules.UndeclaredDependency, import.Span, $"{named}; the sandbox will not have it ({where}).", fixes));
        }

        foreach (var (name, spec) in declared)
        {
            if (used.Contains(name)) continue;
            if (python ? PackageNames.IsIndirectPip(name) : name.StartsWith("@types/", StringComparison.Ordinal)) continue;
            var fixes = ManifestEdits.RemoveDependency(context, spec.Text) is { } fix ? new[] { fix } : [];
            diagnostics.Add(Diagnostic.Of(StackAiRules.UnusedDependency, anchor,
                $"Dependency \"{spec.Text}\" in codenode.json is not imported by this node; installing it slows every run.", fixes));
        }
    }

    private static string TopLevel(string dotted)
    {
        int dot = dotted.IndexOf('.');
        return dot < 0 ? dotted : dotted[..dot];
    }
}
