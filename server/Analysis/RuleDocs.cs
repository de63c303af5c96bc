// The one place that knows where a rule's documentation lives (URL and page) and how a rule reads as text.
using System.Text;

namespace CodeNodeLsp.Analysis;

/// <summary>
/// Rule pages are generated from <see cref="RuleCatalog"/> into <c>docs/rules/</c>: one page per rule family
/// (<see cref="RuleInfo.Dialect"/>), one <c>## CODE</c> heading per rule, so a rule's anchor is its code in lower case.
/// Diagnostics link there (<c>codeDescription.href</c>), the CLI prints the same text, and SARIF help links reuse
/// <see cref="Url(RuleInfo)"/>. <c>scripts/rule-docs.sh</c> regenerates the pages (with <c>codenode rules --docs-page</c>); a test fails when
/// they differ from the catalogue.
/// </summary>
public static class RuleDocs
{
    /// <summary>Where <c>docs/rules/</c> is published: the repository's main branch. Changing it changes every link.</summary>
    public const string BaseUrl = RepositoryUrl + "/blob/main/docs/rules/";

    /// <summary>The project's home page (SARIF's <c>informationUri</c>).</summary>
    public const string RepositoryUrl = "https://github.com/codenodelsp/codenode-lsp";

    /// <summary>The folder of the generated pages, relative to the repository's root.</summary>
    public const string Folder = "docs/rules";

    /// <summary>The family pages in the order of the index, with their titles.</summary>
    private static readonly (string Dialect, string Title)[] Families =
    [
        ("common", "Common rules (CN)"),
        ("manifest", "Manifest and pragma rules (MF)"),
        ("pflow", "pflow rules (PF)"),
        ("stackai", "Stack AI rules (SA)"),
        ("voxworks", "Voxworks rules (VX)"),
        ("runtime", "Runtime rules (RT)"),
    ];

    public static string PageName(RuleInfo rule) => rule.Dialect + ".md";

    public static string Anchor(RuleInfo rule) => rule.Code.ToLowerInvariant();

    /// <summary>The rule's documentation URL (the diagnostic's <c>codeDescription.href</c>).</summary>
    public static string Url(RuleInfo rule) => BaseUrl + PageName(rule) + "#" + Anchor(rule);

    /// <summary>The documentation URL of a code, or null for a code the catalogue does not list.</summary>
    public static string? Url(string code) => RuleCatalog.Find(code) is { } rule ? Url(rule) : null;

    public static string SeverityName(Severity s) => s switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Information => "information",
        _ => "hint",
    };

    /// <summary>The rule as Markdown for a hover: code and name, family and default severity, summary and link.</summary>
    public static string HoverMarkdown(RuleInfo rule) =>
        $"**{rule.Code}** `{rule.Name}` · {rule.Dialect} · default {SeverityName(rule.Severity)}\n\n{rule.Summary}\n\n[Rule documentation]({Url(rule)})";

    /// <summary>The rule as plain text for <c>codenode explain</c>.</summary>
    public static string Explain(RuleInfo rule) =>
        $"{rule.Code} {rule.Name}\n  family: {rule.Dialect}\n  default severity: {SeverityName(rule.Severity)}\n\n{rule.Summary}\n\n" +
        $"Silence it on a line with a `codenode: ignore[{rule.Code}]` comment, for a file with `codenode: ignore-file[{rule.Code}]`, " +
        $"or everywhere with the rules.ignore setting (docs/suppressions.md).\nDocs: {Url(rule)}\n";

    /// <summary>Every generated page: the index (README.md) and one page per family, as (file name, text).</summary>
    public static IReadOnlyList<(string File, string Text)> Pages()
    {
        var pages = new List<(string, string)>();
        var index = new StringBuilder();
        index.Append("# Rules\n\n<!-- Generated from the rule catalogue by scripts/rule-docs.sh; do not edit. -->\n\n");
        index.Append("Every diagnostic has a stable code. The editor links each one to its entry here; `codenode explain CODE` prints it.\n");
        index.Append("How to silence or re-rate a rule: [suppressions.md](../suppressions.md).\n\n");
        foreach (var (dialect, title) in Families)
        {
            var rules = RuleCatalog.All.Where(r => r.Dialect == dialect).ToList();
            if (rules.Count == 0) continue;
            index.Append($"## [{title}]({dialect}.md)\n\n| code | name | default severity | summary |\n| --- | --- | --- | --- |\n");
            var page = new StringBuilder();
            page.Append($"# {title}\n\n<!-- Generated from the rule catalogue by scripts/rule-docs.sh; do not edit. -->\n\n");
            page.Append("[All rules](README.md) · [Silencing a rule](../suppressions.md)\n");
            foreach (var r in rules)
            {
                index.Append($"| [{r.Code}]({dialect}.md#{Anchor(r)}) | `{r.Name}` | {SeverityName(r.Severity)} | {Cell(r.Summary)} |\n");
                page.Append($"\n## {r.Code}\n\n`{r.Name}` · default severity: {SeverityName(r.Severity)}\n\n{r.Summary}\n\n");
                page.Append($"Silence: `codenode: ignore[{r.Code}]` on the line, `codenode: ignore-file[{r.Code}]` for the file, or `\"rules\": {{\"ignore\": [\"{r.Code}\"]}}`.\n");
            }
            index.Append('\n');
            pages.Add((dialect + ".md", page.ToString()));
        }
        var unlisted = RuleCatalog.All.Where(r => !Families.Any(f => f.Dialect == r.Dialect)).Select(r => r.Code).ToList();
        if (unlisted.Count > 0) throw new InvalidOperationException($"Rules of a family without a docs page: {string.Join(", ", unlisted)}.");
        pages.Insert(0, ("README.md", index.ToString().TrimEnd('\n') + "\n"));
        return pages;
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
