// Which rules are off and which get another severity: the rules.ignore / rules.severity configuration, however given.
namespace CodeNodeLsp.Analysis;

/// <summary>
/// A selector is a rule code (<c>PF101</c>) or a prefix of codes (<c>PF1</c>, <c>SA</c>); for severities the longest
/// matching selector wins. The editor's settings, a <c>codenode.json</c> "rules" object and the CLI's flags each
/// give one; <see cref="Merge"/> joins them (docs/suppressions.md).
/// </summary>
public sealed record RuleConfig
{
    public static RuleConfig Empty { get; } = new();

    /// <summary>Selectors of rules that are not reported.</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];

    /// <summary>Selector → severity; null means off (the same as ignoring it).</summary>
    public IReadOnlyDictionary<string, Severity?> Severity { get; init; } = new Dictionary<string, Severity?>();

    public bool IsEmpty => Ignore.Count == 0 && Severity.Count == 0;

    /// <summary>
    /// Both configurations; <paramref name="preferred"/> wins where both re-rate the same selector, and a rule
    /// ignored by either is ignored.
    /// </summary>
    public static RuleConfig Merge(RuleConfig preferred, RuleConfig other)
    {
        if (other.IsEmpty) return preferred;
        if (preferred.IsEmpty) return other;
        var severity = new Dictionary<string, Severity?>(other.Severity, StringComparer.Ordinal);
        foreach (var (selector, value) in preferred.Severity) severity[selector] = value;
        return new RuleConfig { Ignore = [.. preferred.Ignore.Union(other.Ignore, StringComparer.Ordinal)], Severity = severity };
    }

    public static bool Matches(string selector, string code) => selector.Length > 0 && code.StartsWith(selector, StringComparison.Ordinal);

    /// <summary>The diagnostic as configured: null when its rule is off, else with the configured severity.</summary>
    public Diagnostic? Apply(Diagnostic d)
    {
        foreach (string selector in Ignore)
            if (Matches(selector, d.Code)) return null;
        string? best = null;
        foreach (string selector in Severity.Keys)
            if (Matches(selector, d.Code) && (best is null || selector.Length > best.Length)) best = selector;
        if (best is null) return d;
        var severity = Severity[best];
        if (severity is null) return null;
        return severity == d.Severity ? d : d with { Severity = severity.Value };
    }

    public IReadOnlyList<Diagnostic> Apply(IReadOnlyList<Diagnostic> diagnostics)
    {
        if (IsEmpty || diagnostics.Count == 0) return diagnostics;
        var result = new List<Diagnostic>(diagnostics.Count);
        foreach (var d in diagnostics)
            if (Apply(d) is { } kept) result.Add(kept);
        return result;
    }

    /// <summary>A severity word: error, warning, information (or info), hint, off. Null when the word is none of them.</summary>
    public static (bool Ok, Severity? Value) ParseSeverity(string word) => word.Trim().ToLowerInvariant() switch
    {
        "error" => (true, Analysis.Severity.Error),
        "warning" or "warn" => (true, Analysis.Severity.Warning),
        "information" or "info" => (true, Analysis.Severity.Information),
        "hint" => (true, Analysis.Severity.Hint),
        "off" or "none" or "ignore" => (true, null),
        _ => (false, null),
    };

    /// <summary>
    /// Builds a configuration from selectors and (selector, severity word) pairs, reporting each bad entry in
    /// <paramref name="problems"/> (an unknown severity word, a selector that matches no rule) and leaving it out.
    /// </summary>
    public static RuleConfig From(IEnumerable<string> ignore, IEnumerable<KeyValuePair<string, string>> severity, List<string> problems)
    {
        var ignored = new List<string>();
        foreach (string raw in ignore)
        {
            string selector = raw.Trim().ToUpperInvariant();
            if (selector.Length == 0) continue;
            if (!KnownSelector(selector)) { problems.Add($"rules.ignore: \"{raw}\" matches no rule code.{Suggestions.DidYouMean(selector, RuleCatalog.All.Select(r => r.Code))}"); continue; }
            ignored.Add(selector);
        }
        var levels = new Dictionary<string, Severity?>(StringComparer.Ordinal);
        foreach (var (raw, word) in severity)
        {
            string selector = raw.Trim().ToUpperInvariant();
            if (!KnownSelector(selector)) { problems.Add($"rules.severity: \"{raw}\" matches no rule code.{Suggestions.DidYouMean(selector, RuleCatalog.All.Select(r => r.Code))}"); continue; }
            var (ok, value) = ParseSeverity(word);
            if (!ok) { problems.Add($"rules.severity: \"{word}\" for {raw} is not error, warning, information, hint or off."); continue; }
            levels[selector] = value;
        }
        return ignored.Count == 0 && levels.Count == 0 ? Empty : new RuleConfig { Ignore = ignored, Severity = levels };
    }

    private static bool KnownSelector(string selector) => RuleCatalog.All.Any(r => Matches(selector, r.Code));
}
