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
    public static readonly RuleInfo WrongType = new("MF002", "manifest-wrong-type", "manifest", Severity.Error,
        "A manifest field has the wrong JSON type (for example a timeout that is not a number).");
    public static readonly RuleInfo UnknownDialect = new("MF003", "manifest-unknown-dialect", "manifest", Severity.Error,
        "A node names a dialect the server does not know (pflow, stackai, voxworks).");
    public static readonly RuleInfo MissingFile = new("MF004", "manifest-missing-file", "manifest", Severity.Error,
        "A node's file does not exist.");
    public static readonly RuleInfo PragmaUnknownDialect = new("MF005", "pragma-unknown-dialect", "manifest", Severity.Error,
        "A first-line codenode pragma names a dialect the server does not know.");
    public static readonly RuleInfo UnknownField = new("MF006", "manifest-unknown-field", "manifest", Severity.Warning,
        "A manifest field is not part of the format and looks like a typo of one that is; it is ignored.");
    public static readonly RuleInfo MissingField = new("MF007", "manifest-missing-field", "manifest", Severity.Error,
        "A node lacks a required field (dialect or file).");
    public static readonly RuleInfo DuplicateFile = new("MF008", "manifest-duplicate-file", "manifest", Severity.Error,
        "Two nodes of one manifest name the same file; only the first is used.");
    public static readonly RuleInfo BadValue = new("MF009", "manifest-bad-value", "manifest", Severity.Error,
        "A manifest value is out of range (a timeout that is not positive, a language that is not python or typescript).");

    public static readonly RuleInfo SamplesInvalid = new("MF010", "samples-invalid", "manifest", Severity.Error,
        ".codenode/samples.json is not valid JSON or a section is not an object; its samples are not used until it is fixed.");

    public static IReadOnlyList<RuleInfo> All { get; } =
        [InvalidJson, WrongType, UnknownDialect, MissingFile, PragmaUnknownDialect, UnknownField, MissingField, DuplicateFile, BadValue, SamplesInvalid];
}

/// <summary>Errors that a local run found; shown on their line until the next edit.</summary>
public static class RuntimeRules
{
    public static readonly RuleInfo RunError = new("RT001", "run-error", "runtime", Severity.Error,
        "The last local run of this node failed here.");

    public static IReadOnlyList<RuleInfo> All { get; } = [RunError];
}
