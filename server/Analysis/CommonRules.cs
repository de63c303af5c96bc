// Rules shared by every dialect: Python syntax, unbound names, undeclared imports.
namespace CodeNodeLsp.Analysis;

public static class CommonRules
{
    public static readonly RuleInfo SyntaxError = new("CN001", "syntax-error", "common", Severity.Error,
        "The code does not parse; the message follows CPython's wording where practical.");

    public static IReadOnlyList<RuleInfo> All { get; } = [SyntaxError];
}

/// <summary>Rules about the <c>codenode.json</c> manifest and first-line pragmas.</summary>
public static class ManifestRules
{
    public static readonly RuleInfo InvalidJson = new("MF001", "manifest-invalid-json", "manifest", Severity.Error,
        "codenode.json is not valid JSON.");

    public static IReadOnlyList<RuleInfo> All { get; } = [InvalidJson];
}

/// <summary>Errors that a local run found; shown on their line until the next edit.</summary>
public static class RuntimeRules
{
    public static readonly RuleInfo RunError = new("RT001", "run-error", "runtime", Severity.Error,
        "The last local run of this node failed here.");

    public static IReadOnlyList<RuleInfo> All { get; } = [RunError];
}
